import {createHash} from 'node:crypto';
import {attemptLabel} from '../../../source/domain/attempt-label.js';
import {parseHaConfig} from '../../../source/domain/ha-config.js';
import type {Journal} from '../../../source/domain/journal-types.js';
import type {DumpPort} from '../../../source/ports/dump-port.js';
import type {RunPorts} from '../../../source/ports/run-ports.js';
import {FakeCluster} from '../fakes/fake-cluster.js';
import {fakeDumps} from '../fakes/fake-files.js';
import type {FakeDocker} from '../fakes/fake-docker.js';

/** The MetaDB's metadata as the explorer sees it: the version its schema is at, and the rows OMS wrote. */
export type Metadata = {schema: string; rows: string[]};

const oldImage = 'oms:feature_4.2.8-ce';
export const fromVersion = '4.2.8-CE';
export const toVersion = '4.2.9-CE';

/**
 * A fake cluster (3 nodes in 2 regions) whose MetaDB has metadata that docker_init.sh migrates, dumps
 * capture and restores bring back, and whose running OMS containers write rows as time passes. It
 * watches the moments an invariant can break (a container starts, docker_init.sh runs) and keeps what
 * it saw in `violations`; the explorer checks the rest after every command.
 */
export class World {
	readonly cluster = new FakeCluster({nodes: 3, regions: 2});
	readonly violations: string[] = [];
	metadata: Metadata = {schema: fromVersion, rows: []};
	/** The journal on disk: the last one saved, or undefined when no attempt is open. */
	journal: Journal | undefined;
	/** ha.config before the open attempt began. */
	haBefore = this.cluster.metadbState.ha;
	/** `attempt|region` where docker_init.sh completed. */
	readonly initCompleted = new Set<string>();
	/** Attempts whose rollback the operator confirmed (the question answered yes, or --yes). */
	readonly rollbackConfirmed = new Set<string>();
	/** Restores done during the current command. */
	restoresNow = 0;
	attempts = 0;
	private rowCount = 0;

	constructor() {
		for (const engine of this.cluster.engines) this.watch(engine);
	}

	regionOf(host: string): string {
		return this.cluster.model.nodes.find(node => node.host === host)!.region;
	}

	get ports(): RunPorts {
		return {...this.cluster.ports, dumps: this.dumps()};
	}

	/** Every running OMS container writes a row (time passes). */
	tick(): void {
		for (const engine of this.cluster.engines)
			for (const box of engine.containers.values())
				if (box.running) this.metadata.rows.push(`${engine.host}/${box.name}/${++this.rowCount}`);
	}

	running(engine: FakeDocker) {
		return [...engine.containers.values()].filter(box => box.running);
	}

	/** Invariants checked at the moment a container starts or docker_init.sh runs. */
	private watch(engine: FakeDocker): void {
		const start = engine.startContainer;
		engine.startContainer = async name => {
			const box = engine.containers.get(name);
			await start(name);
			if (!box) return;
			if (box.image === oldImage && this.metadata.schema !== fromVersion)
				this.violations.push(
					`I1: ${name} (${fromVersion}) started on ${engine.host} over metadata at ${this.metadata.schema}`,
				);
			const attempt = box.labels[attemptLabel];
			if (attempt !== undefined && !this.dumpsVerified(attempt))
				this.violations.push(`I2: ${name} started on ${engine.host} without verified dumps of attempt ${attempt}`);
			const running = this.running(engine).map(other => other.name);
			if (running.length > 1) this.violations.push(`I3: ${running.join(' and ')} run at once on ${engine.host}`);
		};
		const exec = engine.exec;
		engine.exec = async (container: string, command: readonly string[], onLine: (line: string) => void) => {
			if (!command.join(' ').includes('docker_init.sh')) return exec(container, command, onLine);
			const attempt = engine.containers.get(container)?.labels[attemptLabel] ?? '?';
			const key = `${attempt}|${this.regionOf(engine.host)}`;
			if (this.initCompleted.has(key))
				this.violations.push(`I6: docker_init.sh ran again on ${engine.host}, in region ${key} where it completed`);
			engine.onInitCompleted = () => {
				this.metadata.schema = toVersion;
				// docker_init.sh records the new version (the row `already upgraded` reads).
				this.cluster.metadbState.versions.push(toVersion);
				this.initCompleted.add(key);
			};
			return exec(container, command, onLine);
		};
	}

	/** This attempt's manifest exists and every dump in it matches its sha256. */
	dumpsVerified(attempt: string): boolean {
		const directory = `${this.cluster.model.plan.workdir}/backups/${attempt}`;
		const text = this.cluster.files.get(`${directory}/manifest.json`);
		if (text === undefined) return false;
		const manifest = JSON.parse(text) as {backups: {file: string; sha256: string}[]};
		return (
			manifest.backups.length === this.cluster.model.databases.length &&
			manifest.backups.every(entry => {
				const dump = this.cluster.files.get(`${this.cluster.model.plan.workdir}/${entry.file}`);
				return dump !== undefined && createHash('sha256').update(dump).digest('hex') === entry.sha256;
			})
		);
	}

	/** mysqldump and mysql over the world's metadata: the rm dump carries it, its restore brings it back. */
	private dumps(): DumpPort {
		return fakeDumps(this.cluster.files, this.cluster.log, this.cluster.restored, {
			body: () => `-- metadata ${JSON.stringify({...this.metadata, versions: this.cluster.metadbState.versions})}\n`,
			restored: (database, text) => {
				const saved = /^-- metadata (.*)$/m.exec(text)?.[1];
				if (database === 'oms_rm' && saved) {
					const {versions, ...metadata} = JSON.parse(saved) as Metadata & {versions: string[]};
					this.metadata = metadata;
					this.cluster.metadbState.versions = versions;
				}
				this.restoresNow += 1;
			},
		});
	}

	/** What ha.config is now, parsed. */
	ha() {
		return parseHaConfig(this.cluster.metadbState.ha) ?? {};
	}
}

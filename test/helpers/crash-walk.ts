import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {expect} from 'vitest';
import type {EngineEvent} from '../../source/domain/events.js';
import {startCli, type LiveRun} from './cli.js';
import {reaches, type CrashPoint} from './crash-points.js';
import {containersOf, defaultsFiles, expectVerifiedDumps, haConfig, initNodes} from './end-state.js';
import type {Lab} from './lab-fixture.js';

/** Kills the tool with SIGKILL at chosen events and checks what a crash may never break. */

export type Journal = {
	attempt: string;
	steps: Record<string, {status: string; nodes: Record<string, {status: string}>} | undefined>;
};

/** The attempt's journal: journal.json while it is open, else the newest archived journal.<attempt>.json. */
export async function readJournal(workdir: string): Promise<Journal | undefined> {
	const open = join(workdir, 'journal.json');
	const archived = (await readdir(workdir).catch(() => []))
		.filter(name => /^journal\.\d{8}T\d{6}\.json$/.test(name))
		.sort()
		.at(-1);
	const file = (await stat(open).then(
		() => true,
		() => false,
	))
		? open
		: archived
			? join(workdir, archived)
			: undefined;
	return file ? (JSON.parse(await readFile(file, 'utf8')) as Journal) : undefined;
}

export const stepStatus = (journal: Journal | undefined, step: string) => journal?.steps[step]?.status ?? 'pending';

/** Where a kill landed: the step's state in the journal the killed run left. */
export type Landing = {
	readonly point: CrashPoint;
	/** False when the run ended before the point's event (nothing left to do there). */
	readonly reached: boolean;
	readonly exit: number;
	/** The step's state in the journal the killed run left. */
	readonly stepStatus: string;
	/** Every event the run emitted before it died. */
	readonly events: readonly EngineEvent[];
};

/**
 * Starts `command --yes`, kills it with SIGKILL as soon as it has emitted the point's event, and returns
 * where that left the journal. A run that ends before the point (nothing left to do there) is not killed.
 */
export async function killAt(planFile: string, workdir: string, point: CrashPoint): Promise<Landing> {
	const run = startCli([point.command, '-c', planFile, '--yes']);
	const reached = await firstOf(run, reaches(point));
	if (reached) run.process.kill('SIGKILL');
	const exit = await run.exit;
	if (reached) expect(exit, `${point.command} killed at ${point.at} ${point.step}: ${run.stderr()}`).toBe(137);
	return {point, reached, exit, stepStatus: stepStatus(await readJournal(workdir), point.step), events: run.events};
}

async function firstOf(run: LiveRun, match: (event: EngineEvent) => boolean): Promise<boolean> {
	let exited = false;
	void run.exit.then(() => (exited = true));
	const deadline = Date.now() + 600_000;
	while (Date.now() < deadline) {
		if (run.events.some(match)) return true;
		if (exited) return run.events.some(match);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
	throw new Error(`no such event within 600s; stderr: ${run.stderr()}`);
}

/**
 * What must hold after any kill, upgrade or rollback: on every node the old container is kept, at most one
 * new container exists (exactly one once start-new is recorded) and never both run; the dumps are complete
 * and match their sha256 once recorded; a defaults file exists only while the step that writes one was cut
 * short (the next run of that step removes it); ha.config keeps every key found, only enable and
 * perceiveStoreClientCheckpoint may differ (unless a restore was cut short: the MetaDB is then half loaded).
 */
export async function expectCrashInvariants(lab: Lab, workdir: string, haBefore: string): Promise<void> {
	const journal = await readJournal(workdir);
	for (const [index, node] of lab.state.topology.nodes.entries()) {
		const containers = await containersOf(lab, index);
		const old = containers.filter(container => container.name === 'oms_428');
		const fresh = containers.filter(container => /^oms_428_429(-\d{8}T\d{6})?$/.test(container.name));
		expect(old, `${node.host}: the old container is kept`).toHaveLength(1);
		expect(fresh.length, `${node.host}: ${fresh.map(container => container.name).join(', ')}`).toBeLessThanOrEqual(1);
		if (stepStatus(journal, 'start-new') === 'succeeded')
			expect(fresh, `${node.host}: one new container`).toHaveLength(1);
		expect(old[0]!.state === 'running' && fresh[0]?.state === 'running', `${node.host}: old and new both running`).toBe(
			false,
		);
	}
	if (journal && stepStatus(journal, 'backup') === 'succeeded')
		await expectVerifiedDumps(lab, workdir, journal.attempt);
	const leftovers = await defaultsFiles(workdir);
	const cutShort = ['backup', 'rb-restore'].some(step => stepStatus(journal, step) === 'running');
	if (!cutShort) expect(leftovers, 'defaults files left behind').toEqual([]);
	// A restore cut short leaves the databases half loaded; its next run loads them again from the verified dumps.
	if (stepStatus(journal, 'rb-restore') === 'running') return;
	const before = JSON.parse(haBefore) as Record<string, unknown>;
	const now = JSON.parse(await haConfig(lab)) as Record<string, unknown>;
	expect({...now, enable: before.enable, perceiveStoreClientCheckpoint: before.perceiveStoreClientCheckpoint}).toEqual(
		before,
	);
}

/**
 * Init runs once per region: only on the region's first node, and never again on a node whose init the
 * journal had recorded as done when the run started. `runs` pairs each run's events with that record.
 */
export function expectInitOncePerRegion(
	lab: Lab,
	runs: ReadonlyArray<{readonly doneBefore: ReadonlySet<string>; readonly events: readonly EngineEvent[]}>,
): void {
	const started = (events: readonly EngineEvent[]) =>
		events.flatMap(event =>
			event.type === 'log' &&
			event.step === 'init' &&
			event.node !== null &&
			/^docker exec \S+ bash \/root\/docker_init\.sh/.test(event.text)
				? [event.node]
				: [],
		);
	const everywhere = new Set(runs.flatMap(run => started(run.events)));
	expect([...everywhere].sort()).toEqual(initNodes(lab).sort());
	for (const run of runs)
		for (const node of started(run.events))
			expect(run.doneBefore.has(node), `init ran again on ${node} after it was recorded done`).toBe(false);
}

/** The nodes whose init the journal records as done. */
export const initDone = (journal: Journal | undefined) =>
	new Set(
		Object.entries(journal?.steps.init?.nodes ?? {}).flatMap(([host, record]) =>
			record.status === 'succeeded' ? [host] : [],
		),
	);

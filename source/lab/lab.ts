import {randomBytes} from 'node:crypto';
import {mkdir, readdir, rename, rm, stat, writeFile} from 'node:fs/promises';
import {basename, dirname, join, relative, resolve} from 'node:path';
import Docker from 'dockerode';
import {OmsError} from '../domain/errors.js';
import {waitFor} from '../domain/wait.js';
import {startEngine, stopEngine, type LabEngine} from './engines.js';
import {buildRootfs, importImage, labImage, saveImage} from './image-builder.js';
import {labPlanYaml, nodeBinds, writeNodeFiles} from './lab-files.js';
import {readLabState, writeLabState, type LabState} from './lab-state.js';
import {checkTransportDirectory, engineArguments, startTransport, type LabTransport} from './lab-transport.js';
import {rootQuery, startMetadb, type LabGrants, type LabMetadb, type MetadbFlavour} from './metadb-server.js';
import {ensureLabPrerequisites} from './prerequisites.js';
import {stopFamily, unmountUnder} from './processes.js';
import {seedSql} from './seed.js';
import {stopSshd, type LabSshd} from './sshd.js';
import {labTopology, type LabNode, type LabTopology, type TopologyOptions} from './topology.js';

/** How the lab's MetaDB is set up: its flavour, grants and credentials (the password is random unless given). */
export type LabMetadbOptions = {
	readonly flavour?: MetadbFlavour;
	readonly grants?: LabGrants;
	readonly user?: string | undefined;
	readonly password?: string | undefined;
};

type LabUpOptions = TopologyOptions & {
	readonly directory: string;
	readonly metadb?: LabMetadbOptions;
	/** ssh (default): the plan reaches each node through its own sshd, as in production; tcp: tcp://node:port. */
	readonly transport?: LabTransport;
	readonly onProgress?: (line: string) => void;
};

/** Starts a rehearsal lab; on any failure it tears down what it started before rethrowing. */
export async function labUp(options: LabUpOptions): Promise<LabState> {
	const say = options.onProgress ?? (() => undefined);
	const transport = options.transport ?? 'ssh';
	const programs = await ensureLabPrerequisites(transport, say);
	const directory = resolve(options.directory);
	checkTransportDirectory(transport, directory);
	if (await readLabState(directory)) {
		throw new OmsError(`a lab already exists in ${directory}.`, {
			hint: 'Run `oms-upgrade lab down` first, or pick another --dir.',
			exitCode: 2,
		});
	}
	await mkdir(directory, {recursive: true});
	const topology = labTopology(options);
	const started: {metadb?: LabMetadb; engines: LabEngine[]; sshds: LabSshd[]} = {engines: [], sshds: []};
	try {
		say(`starting the MetaDB (mariadbd) and ${topology.nodes.length} Docker engines`);
		const [metadb, engines] = await Promise.all([
			startMetadb(join(directory, 'metadb'), {
				flavour: options.metadb?.flavour ?? 'mariadb',
				grants: options.metadb?.grants ?? 'pattern',
				user: options.metadb?.user,
				password: options.metadb?.password ?? randomBytes(12).toString('hex'),
				databases: [topology.rmDb, topology.cmDb, ...topology.regions.map(region => region.heartbeatDb)],
			}).then(server => (started.metadb = server)),
			Promise.all(
				topology.nodes.map(async node =>
					startEngine(join(directory, `node${node.index + 1}`, 'engine'), await engineArguments(transport, node)).then(
						engine => (started.engines[node.index] = engine),
					),
				),
			),
		]);
		if (transport === 'ssh') say(`starting an sshd per node (${topology.nodes.map(node => node.host).join(', ')})`);
		const endpoints = await startTransport(transport, directory, topology, engines, programs, started.sshds);
		say(
			`seeding ${topology.rmDb}, ${topology.cmDb}, ${topology.regions.map(region => region.heartbeatDb).join(', ')} for ${topology.from}`,
		);
		await rootQuery(metadb.socket, seedSql(topology));

		say('building the emulated OMS images');
		const tarball = await buildRootfs(join(directory, 'image'), programs);
		const apis = topology.nodes.map(node => {
			const engine = engines[node.index];
			if (!engine) throw new OmsError(`lab node ${node.index + 1} has no Docker engine.`);
			return {node, api: new Docker({socketPath: engine.socket})};
		});
		await Promise.all(apis.map(({api}) => importImage(api, tarball, topology.from)));
		const packageName = `oms_${topology.to.replace(/-CE$/, '')}-ce.tar.gz`;
		// The target image exists only in the package: built on the first node's engine, saved, removed.
		const [first] = apis;
		if (!first) throw new OmsError('the lab topology has no node.', {exitCode: 2});
		await importImage(first.api, tarball, topology.to);
		await saveImage(first.api, labImage(topology.to), join(directory, packageName));
		await first.api.getImage(labImage(topology.to)).remove();
		await rm(join(directory, 'image'), {recursive: true, force: true});

		say('starting the old OMS containers');
		await Promise.all(apis.map(({node, api}) => startOldContainer(api, directory, topology, node, metadb)));
		await waitForHeartbeats(metadb, topology);

		const planFile = join(directory, 'oms-upgrade.yaml');
		await writeFile(planFile, labPlanYaml(topology, endpoints, `./${packageName}`));
		const state: LabState = {
			directory,
			topology,
			metadb,
			engines,
			transport,
			sshds: started.sshds,
			planFile,
			packageFile: join(directory, packageName),
			createdAt: new Date().toISOString(),
		};
		await writeLabState(state);
		return state;
	} catch (error) {
		// The failure's message may name a log under the lab dir (ob-proxy.log, dockerd.log, …): those stay.
		await teardown(
			directory,
			started.engines.filter(Boolean),
			started.metadb,
			started.sshds.filter(Boolean),
			'keep-logs',
		);
		const kept = await filesUnder(directory);
		if (kept.length > 0)
			say(
				`stopped what it started; its logs stay in ${directory} (${kept.map(file => relative(directory, file)).join(', ')})`,
			);
		throw error;
	}
}

async function startOldContainer(
	api: Docker,
	directory: string,
	topology: LabTopology,
	node: LabNode,
	metadb: LabMetadb,
): Promise<void> {
	await writeNodeFiles(directory, topology, node, metadb);
	const container = await api.createContainer({
		name: node.container,
		Image: labImage(topology.from),
		Env: [`OMS_HOST_IP=${node.host}`],
		Tty: true,
		OpenStdin: true,
		HostConfig: {
			Binds: nodeBinds(directory, node),
			NetworkMode: 'host',
			PidsLimit: -1,
			Ulimits: [{Name: 'nproc', Soft: 65_535, Hard: 65_535}],
			// The guide runs OMS with --privileged; this sandbox cannot, and the tool copies whatever the old container
			// has.
			Privileged: false,
		},
	});
	await container.start();
}

/** Seeded heartbeats are an hour old: wait until every node's emulated OMS has written a fresh one. */
async function waitForHeartbeats(metadb: LabMetadb, topology: LabTopology): Promise<void> {
	const fresh = topology.regions
		.map(
			region =>
				`SELECT host_ip FROM \`${region.heartbeatDb}\`.heart_beat WHERE task_name = 'supervisor' AND gmt_modified > NOW() - INTERVAL 30 SECOND`,
		)
		.join(' UNION ALL ');
	await waitFor(
		async () => {
			const rows = (await rootQuery(metadb.socket, `SELECT COUNT(*) AS fresh FROM (${fresh}) AS beats`)) as Array<{
				fresh: number;
			}>;
			return Number(rows[0]?.fresh) === topology.nodes.length;
		},
		{
			timeoutMs: 90_000,
			intervalMs: 500,
			message: 'the lab containers did not heartbeat within 90s; see node*/oms/oms_logs/oms-lab.log',
		},
	);
}

/** Where the lab's plan keeps its rehearsal workdir (the plan is named lab and sets no workdir). */
export const labWorkdir = (directory: string) => join(directory, 'oms-upgrade-lab');

/** Where `lab down --keep-reports` moves the rehearsal workdir: beside the lab dir, named by when the lab started. */
export const keptReportsDirectory = (state: Pick<LabState, 'directory' | 'createdAt'>) =>
	join(dirname(state.directory), `${basename(state.directory)}-reports`, state.createdAt.replace(/[:.]/g, '-'));

/** What `lab down` stops and deletes, in words, before it does; `keptIn`: where the rehearsal workdir goes instead. */
export function labDownSummary(state: LabState, workdirExists: boolean, keptIn: string | undefined): string[] {
	const {directory, topology, metadb} = state;
	const lines = [`lab down in ${directory} stops and deletes:`];
	for (const node of topology.nodes) {
		const engine = state.engines[node.index];
		const sshd = state.sshds[node.index];
		lines.push(
			`  ${node.host}: every container of its dockerd (${node.container} and what a rehearsal created), dockerd pid ${engine?.pid ?? 'none'} and its images${sshd ? `, sshd pid ${sshd.pid}` : ''}`,
		);
	}
	const proxy = metadb.proxyPid ? ` and the OBProxy stand-in pid ${metadb.proxyPid}` : '';
	lines.push(
		`  the MetaDB: mariadbd pid ${metadb.pid}${proxy}, its databases (${topology.rmDb}, ${topology.cmDb}, …) and data dir`,
	);
	const workdir = labWorkdir(directory);
	if (!workdirExists) lines.push(`  no rehearsal workdir (${workdir} does not exist: nothing was run on this lab)`);
	else if (keptIn)
		lines.push(
			`  not the rehearsal workdir (reports, run logs, journals, dumps): --keep-reports moves it to ${keptIn}`,
		);
	else
		lines.push(
			`  the rehearsal workdir ${workdir}: its report.json, run logs, journals and dumps (--keep-reports keeps them)`,
		);
	// A tcp lab has no sshd, so no ssh keys to delete.
	const keys = state.sshds.some(Boolean) ? ' ssh keys,' : '';
	lines.push(`  everything else under ${directory}: the plan, the package, the nodes' files,${keys} the lab's logs`);
	return lines;
}

type LabDownOptions = {
	/** Move the rehearsal workdir out of the lab dir (keptReportsDirectory) before removing the lab. */
	readonly keepReports?: boolean;
	readonly onProgress?: (line: string) => void;
};

/**
 * Stops everything a lab started (by pid), unmounts what dockerd left and removes the lab directory,
 * saying what first. Returns where the reports were kept (`keptIn`), or undefined when there is no lab.
 */
export async function labDown(
	directoryOption: string,
	options: LabDownOptions = {},
): Promise<{keptIn: string | undefined} | undefined> {
	const directory = resolve(directoryOption);
	const state = await readLabState(directory);
	if (!state) return undefined;
	const workdir = labWorkdir(directory);
	const workdirExists = await stat(workdir).then(
		info => info.isDirectory(),
		() => false,
	);
	const keptIn = options.keepReports && workdirExists ? keptReportsDirectory({...state, directory}) : undefined;
	for (const line of labDownSummary({...state, directory}, workdirExists, keptIn)) options.onProgress?.(line);
	await teardown(
		directory,
		state.engines,
		state.metadb,
		state.sshds ?? [],
		'remove-all',
		keptIn ? {from: workdir, to: keptIn} : undefined,
	);
	return {keptIn};
}

async function teardown(
	directory: string,
	engines: readonly LabEngine[],
	metadb: LabMetadb | undefined,
	sshds: readonly LabSshd[],
	logs: 'keep-logs' | 'remove-all' = 'remove-all',
	keep?: {readonly from: string; readonly to: string},
): Promise<void> {
	await Promise.all(sshds.map(sshd => stopSshd(sshd)));
	await Promise.all(engines.map(engine => stopEngine(engine)));
	// Only what the lab started (its pids are in the lab state) and what those started: never a process
	// chosen by its command line or working directory, which an operator's own may share.
	if (metadb?.proxyPid) await stopFamily(metadb.proxyPid);
	if (metadb) await stopFamily(metadb.pid);
	await unmountUnder(directory);
	if (keep) {
		await mkdir(dirname(keep.to), {recursive: true});
		await rename(keep.from, keep.to);
	}
	if (logs === 'keep-logs') await removeAllButLogs(directory);
	else await rm(directory, {recursive: true, force: true});
}

/** Removes everything under `directory` but its `*.log` files (and the directories holding them). */
export async function removeAllButLogs(directory: string): Promise<void> {
	const entries = await readdir(directory, {withFileTypes: true}).catch(() => []);
	for (const entry of entries) {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) {
			await removeAllButLogs(path);
			if ((await readdir(path)).length === 0) await rm(path, {recursive: true, force: true});
		} else if (!(entry.isFile() && entry.name.endsWith('.log'))) {
			await rm(path, {force: true});
		}
	}
}

/** Every file under `directory`, depth first. */
async function filesUnder(directory: string): Promise<string[]> {
	const entries = await readdir(directory, {withFileTypes: true}).catch(() => []);
	const found: string[] = [];
	for (const entry of entries) {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) found.push(...(await filesUnder(path)));
		else found.push(path);
	}
	return found;
}

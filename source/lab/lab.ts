import {randomBytes} from 'node:crypto';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import Docker from 'dockerode';
import {OmsError} from '../domain/errors.js';
import {waitFor} from '../domain/wait.js';
import {startEngine, stopEngine, type LabEngine} from './engines.js';
import {buildRootfs, importImage, labImage, saveImage} from './image-builder.js';
import {labPlanYaml, nodeBinds, writeNodeFiles} from './lab-files.js';
import {readLabState, writeLabState, type LabState} from './lab-state.js';
import {checkTransportDirectory, engineArguments, startTransport, type LabTransport} from './lab-transport.js';
import {rootQuery, startMetadb, type LabGrants, type LabMetadb, type MetadbFlavour} from './metadb-server.js';
import {checkLabPrerequisites} from './prerequisites.js';
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

export type LabUpOptions = TopologyOptions & {
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
	const programs = await checkLabPrerequisites(transport);
	const directory = resolve(options.directory);
	checkTransportDirectory(transport, directory);
	if (await readLabState(directory)) {
		throw new OmsError(`a lab already exists in ${directory}.`, {hint: 'Run `oms-upgrade lab down` first, or pick another --dir.', exitCode: 2});
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
		say(`seeding ${topology.rmDb}, ${topology.cmDb}, ${topology.regions.map(region => region.heartbeatDb).join(', ')} for ${topology.from}`);
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
		await teardown(directory, started.engines.filter(Boolean), started.metadb, started.sshds.filter(Boolean));
		throw error;
	}
}

async function startOldContainer(api: Docker, directory: string, topology: LabTopology, node: LabNode, metadb: LabMetadb): Promise<void> {
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
			// The guide runs OMS with --privileged; this sandbox cannot, and the tool copies whatever the old container has.
			Privileged: false,
		},
	});
	await container.start();
}

/** Seeded heartbeats are an hour old: wait until every node's emulated OMS has written a fresh one. */
async function waitForHeartbeats(metadb: LabMetadb, topology: LabTopology): Promise<void> {
	const fresh = topology.regions
		.map(region => `SELECT host_ip FROM \`${region.heartbeatDb}\`.heart_beat WHERE task_name = 'supervisor' AND gmt_modified > NOW() - INTERVAL 30 SECOND`)
		.join(' UNION ALL ');
	await waitFor(
		async () => {
			const rows = (await rootQuery(metadb.socket, `SELECT COUNT(*) AS fresh FROM (${fresh}) AS beats`)) as Array<{fresh: number}>;
			return Number(rows[0]?.fresh) === topology.nodes.length;
		},
		{timeoutMs: 90_000, intervalMs: 500, message: 'the lab containers did not heartbeat within 90s; see node*/oms/oms_logs/oms-lab.log'},
	);
}

/** Stops everything a lab started (by pid), unmounts what dockerd left and removes the lab directory. */
export async function labDown(directoryOption: string): Promise<boolean> {
	const directory = resolve(directoryOption);
	const state = await readLabState(directory);
	if (!state) return false;
	await teardown(directory, state.engines, state.metadb, state.sshds ?? []);
	return true;
}

async function teardown(directory: string, engines: readonly LabEngine[], metadb: LabMetadb | undefined, sshds: readonly LabSshd[]): Promise<void> {
	await Promise.all(sshds.map(sshd => stopSshd(sshd)));
	await Promise.all(engines.map(engine => stopEngine(engine)));
	// Only what the lab started (its pids are in the lab state) and what those started: never a process
	// chosen by its command line or working directory, which an operator's own may share.
	if (metadb?.proxyPid) await stopFamily(metadb.proxyPid);
	if (metadb) await stopFamily(metadb.pid);
	await unmountUnder(directory);
	await rm(directory, {recursive: true, force: true});
}

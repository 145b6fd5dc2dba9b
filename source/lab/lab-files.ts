import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {stringify} from 'yaml';
import type {LabMetadb} from './metadb-server.js';
import {regionOf, type LabNode, type LabTopology} from './topology.js';

/** The host directories a lab node mounts into its OMS container, as the guide lays them out. */
function nodeHostPaths(directory: string, node: LabNode) {
	const base = join(directory, `node${node.index + 1}`, 'oms');
	return {
		base,
		config: join(base, 'config.yaml'),
		logs: join(base, 'oms_logs'),
		store: join(base, 'oms_store'),
		run: join(base, 'oms_run'),
	};
}

export function nodeBinds(directory: string, node: LabNode): string[] {
	const paths = nodeHostPaths(directory, node);
	return [
		`${paths.config}:/home/admin/conf/config.yaml`,
		`${paths.logs}:/home/admin/logs`,
		`${paths.store}:/home/ds/store`,
		`${paths.run}:/home/ds/run`,
	];
}

/** Writes a real config.yaml for the node (every key OMS's deployment guide sets). */
export async function writeNodeFiles(
	directory: string,
	topology: LabTopology,
	node: LabNode,
	metadb: LabMetadb,
): Promise<void> {
	const paths = nodeHostPaths(directory, node);
	for (const path of [paths.logs, paths.store, paths.run]) await mkdir(path, {recursive: true});
	const region = regionOf(topology, node);
	const config = {
		oms_meta_host: '127.0.0.1',
		oms_meta_port: metadb.port,
		oms_meta_user: metadb.user,
		oms_meta_password: metadb.password,
		drc_rm_db: topology.rmDb,
		drc_cm_db: topology.cmDb,
		drc_cm_heartbeat_db: region.heartbeatDb,
		cm_url: `http://${region.nodeHosts[0]}:8088`,
		cm_location: region.location,
		cm_region: region.name,
		cm_region_cn: region.name,
		cm_is_default: region.isDefault,
		cm_nodes: region.nodeHosts,
		console_nodes: topology.nodes.map(candidate => candidate.host),
		tsdb_enabled: false,
		nginx_server_port: 8089,
		cm_server_port: 8088,
		ghana_server_port: 8090,
		supervisor_server_port: 9000,
		sshd_server_port: 2023,
	};
	// lineWidth 0: a long password stays on its key's line, where the emulated OMS reads it.
	await writeFile(
		paths.config,
		`# OMS config.yaml (rehearsal lab node ${node.host})\n${stringify(config, {lineWidth: 0})}`,
		{mode: 0o600},
	);
}

/** The plan file `lab up` leaves ready to use, with short waits; over ssh, with the lab's own ssh files. */
export function labPlanYaml(topology: LabTopology, endpoints: readonly string[], packageFile: string): string {
	const ssh = endpoints.some(endpoint => endpoint.startsWith('ssh://'));
	const plan = {
		name: 'lab',
		target: {version: topology.to, image: `oms:feature_${topology.to.replace(/-CE$/, '')}-ce`, package: packageFile},
		nodes: topology.nodes.map((node, index) => ({
			host: node.host,
			docker: endpoints[index],
			container: node.container,
		})),
		...(ssh ? {ssh: {config: './ssh/config', knownHosts: './ssh/known_hosts', identity: './ssh/id_ed25519'}} : {}),
		ha: {mode: 'metadb', after: 'perceive', refetchMarginMin: 30},
		init: {minWaitSec: 3, timeoutSec: 300},
		verify: {timeoutSec: 120},
		// This sandbox cannot run privileged containers: copy the old containers' flag (false) instead of the guide's
		// true.
		privileged: 'keep',
	};
	return `# Written by \`oms-upgrade lab up\` for the rehearsal lab. The MetaDB comes from the nodes' config.yaml.\n${stringify(plan)}`;
}

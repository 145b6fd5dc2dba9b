import {OmsError} from '../domain/errors.js';
import type {LabEngine} from './engines.js';
import {labSshAlias, makeLabKeys, writeLabClientFiles} from './lab-ssh.js';
import {freePortOn} from './tcp-ports.js';
import {startSshd, type LabSshd} from './sshd.js';
import type {LabNode, LabTopology} from './topology.js';

/** How the tool reaches a lab node's engine: through an sshd on the node's address (as production), or tcp://. */
export type LabTransport = 'ssh' | 'tcp';

/** Extra dockerd flags for a node: with tcp, a plain listener on the node's own address. */
export async function engineArguments(transport: LabTransport, node: LabNode): Promise<string[]> {
	return transport === 'tcp' ? [`--host=tcp://${node.host}:${await freePortOn(node.host)}`] : [];
}

export function checkTransportDirectory(transport: LabTransport, directory: string): void {
	if (transport === 'ssh' && /^\/(?:var\/)?run(?:\/|$)/.test(directory)) {
		throw new OmsError(`the lab directory ${directory} is under /run, which each lab sshd replaces with its own.`, {
			hint: 'Pick a --dir outside /run, e.g. /tmp/oms-lab.',
			exitCode: 2,
		});
	}
}

/**
 * Makes every node reachable as the plan will name it. ssh: keys, an sshd per node listening on the
 * node's address (pushed to `sshds` as each starts, for teardown), known_hosts and the ssh config.
 * Returns each node's `docker:` endpoint.
 */
export async function startTransport(
	transport: LabTransport,
	directory: string,
	topology: LabTopology,
	engines: readonly LabEngine[],
	programs: Record<string, string>,
	sshds: LabSshd[],
): Promise<string[]> {
	if (transport === 'tcp') {
		return engines.map(engine => {
			const listener = engine.args?.find(arg => arg.startsWith('--host=tcp://'));
			if (!listener) throw new Error(`lab engine ${engine.directory} has no tcp listener`);
			return listener.slice('--host='.length);
		});
	}
	const {hostKeys} = await makeLabKeys(directory, topology.nodes.length);
	const clients = await Promise.all(
		topology.nodes.map(async node => {
			const engine = engines[node.index];
			const hostKey = hostKeys[node.index];
			if (!engine || hostKey === undefined) throw new Error(`lab node ${node.index + 1} has no engine or host key`);
			const sshd = await startSshd(directory, node.index, node.host, engine.socket, programs);
			sshds[node.index] = sshd;
			return {index: node.index, address: node.host, port: sshd.port, hostKey};
		}),
	);
	await writeLabClientFiles(directory, clients);
	return topology.nodes.map(node => `ssh://${labSshAlias(node.index)}`);
}

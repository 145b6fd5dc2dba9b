import {readFile} from 'node:fs/promises';
import Docker from 'dockerode';
import type {DockerEndpoint, SshFiles, Timeouts, TlsFiles} from '../config/plan-types.js';
import type {EngineDeadlines} from './engine-handle.js';
import type {SshTunnel} from './ssh-tunnel.js';
import {sshTunnel} from './ssh-tunnels.js';

export const deadlinesOf = (timeouts: Timeouts): EngineDeadlines => ({
	connectMs: timeouts.connectSec * 1000,
	requestMs: timeouts.requestSec * 1000,
	streamIdleMs: timeouts.streamIdleSec * 1000,
});

/**
 * The dockerode object for a node's endpoint: a unix socket, tcp (plain or TLS), or ssh://, where the
 * node's one SSH connection forwards its Docker socket to a private local socket that every request uses.
 */
export async function dockerApi(
	host: string,
	endpoint: DockerEndpoint,
	tls: TlsFiles | undefined,
	deadlines: EngineDeadlines,
	ssh?: SshFiles,
): Promise<{api: Docker; tunnel?: SshTunnel}> {
	if (endpoint.kind === 'ssh') {
		const tunnel = await sshTunnel(host, endpoint, ssh, Math.max(1, Math.ceil(deadlines.connectMs / 1000)));
		return {api: new Docker({socketPath: tunnel.socketPath}), tunnel};
	}
	if (endpoint.kind === 'unix') return {api: new Docker({socketPath: endpoint.socketPath})};
	if (!tls) return {api: new Docker({host: endpoint.host, port: endpoint.port, protocol: 'http'})};
	const [ca, cert, key] = await Promise.all([readFile(tls.ca), readFile(tls.cert), readFile(tls.key)]);
	return {api: new Docker({host: endpoint.host, port: endpoint.port, protocol: 'https', ca, cert, key})};
}

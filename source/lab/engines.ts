import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import Docker from 'dockerode';
import {waitFor} from '../domain/wait.js';
import {startDaemon, stopFamily, unmountUnder} from './processes.js';

export type LabEngine = {
	readonly pid: number;
	readonly socket: string;
	readonly directory: string;
	/** The extra flags it was started with (a tcp listener), kept so a restart brings them back. */
	readonly args?: readonly string[];
};

/** One private dockerd for a lab node; everything it owns lives under `directory`. */
/** `extraArgs` adds listeners such as `--host=tcp://127.0.0.1:PORT` (with TLS flags) for endpoint tests. */
export async function startEngine(directory: string, extraArgs: readonly string[] = []): Promise<LabEngine> {
	await mkdir(directory, {recursive: true});
	const socket = join(directory, 'docker.sock');
	if (socket.length > 100)
		throw new Error(`the lab directory is too deep for a unix socket path (${socket}); choose a shorter --dir`);
	const pid = await startDaemon(
		'dockerd',
		[
			`--data-root=${join(directory, 'data')}`,
			`--exec-root=${join(directory, 'exec')}`,
			`--pidfile=${join(directory, 'dockerd.pid')}`,
			`--host=unix://${socket}`,
			'--iptables=false',
			'--ip6tables=false',
			'--ip-forward=false',
			'--ip-masq=false',
			'--bridge=none',
			'--storage-driver=vfs',
			'--shutdown-timeout=5',
			...extraArgs,
		],
		join(directory, 'dockerd.log'),
	);
	const api = new Docker({socketPath: socket});
	await waitFor(
		() =>
			api.ping().then(
				() => true,
				() => false,
			),
		{
			timeoutMs: 60_000,
			message: `dockerd did not answer within 60s; see ${join(directory, 'dockerd.log')}`,
		},
	);
	return {pid, socket, directory, args: [...extraArgs]};
}

/** Stops the engine's containers, then the engine and what it started (containerd, shims), then its mounts. */
export async function stopEngine(engine: LabEngine): Promise<void> {
	const api = new Docker({socketPath: engine.socket});
	const containers = await api.listContainers().catch(() => []);
	await Promise.all(
		containers.map(container =>
			api
				.getContainer(container.Id)
				.stop({t: 3})
				.catch(() => undefined),
		),
	);
	// dockerd, then containerd and its shims (its family): only what this engine started.
	await stopFamily(engine.pid);
	await unmountUnder(engine.directory);
}

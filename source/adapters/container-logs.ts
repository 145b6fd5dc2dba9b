import {signalOption} from './docker-errors.js';
import {demultiplexer} from './docker-streams.js';
import type {EngineHandle} from './engine-handle.js';

/**
 * The last `lines` lines a container wrote (stdout and stderr, as `docker logs --tail`), within the
 * engine's request deadline. A container without a TTY sends its output in frames (see demultiplexer);
 * a TTY container sends raw text.
 */
export async function containerLogTail(engine: EngineHandle, container: string, lines: number): Promise<string[]> {
	const signal = AbortSignal.timeout(engine.deadlines.requestMs);
	const body = (await engine
		.streamApi()
		.getContainer(container)
		.logs({stdout: true, stderr: true, tail: lines, follow: false, abortSignal: signal})) as unknown as Buffer;
	const output = demultiplexer();
	output.end(Buffer.isBuffer(body) ? body : Buffer.from(String(body)));
	const text = Buffer.concat(await output.toArray()).toString('utf8');
	return text
		.split('\n')
		.filter((line, index, all) => line !== '' || index < all.length - 1)
		.slice(-lines);
}

/**
 * The command lines of the `docker exec`s still running in a container, from the engine's own records
 * (the container's ExecIDs, each inspected): an exec outlives the client that started it, and this
 * needs no `ps` on the node, which `docker top` does.
 */
export async function runningExecs(engine: EngineHandle, container: string): Promise<string[]> {
	const api = engine.streamApi();
	const info = await engine.call(`inspect container ${container}`, abortSignal =>
		api.getContainer(container).inspect({abortSignal}),
	);
	const execs = await Promise.all(
		(info.ExecIDs ?? []).map(id =>
			engine.call(`inspect exec ${id.slice(0, 12)} in ${container}`, abortSignal =>
				api.getExec(id).inspect(signalOption(abortSignal)),
			),
		),
	);
	return execs
		.filter(exec => exec.Running)
		.map(exec => [exec.ProcessConfig.entrypoint, ...exec.ProcessConfig.arguments].join(' '));
}

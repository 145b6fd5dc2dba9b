import {signalOption} from './docker-errors.js';
import type {EngineHandle} from './engine-handle.js';

/**
 * The last `lines` lines a container wrote (stdout and stderr, as `docker logs --tail`), within the
 * engine's request deadline. A container without a TTY sends its output in frames of an 8-byte header
 * (stream, 3 zero bytes, big-endian length) and the payload; a TTY container sends raw text.
 */
export async function containerLogTail(engine: EngineHandle, container: string, lines: number): Promise<string[]> {
	const signal = AbortSignal.timeout(engine.deadlines.requestMs);
	const body = (await engine
		.streamApi()
		.getContainer(container)
		.logs({stdout: true, stderr: true, tail: lines, follow: false, abortSignal: signal})) as unknown as Buffer;
	const text = demultiplex(Buffer.isBuffer(body) ? body : Buffer.from(String(body)));
	return text
		.split('\n')
		.filter((line, index, all) => line !== '' || index < all.length - 1)
		.slice(-lines);
}

/** Joins the payloads of Docker's multiplexed log frames; text that is not framed is returned as it is. */
export function demultiplex(buffer: Buffer): string {
	const parts: Buffer[] = [];
	let offset = 0;
	while (offset + 8 <= buffer.length) {
		const stream = buffer.readUInt8(offset);
		const framed = stream <= 2 && buffer[offset + 1] === 0 && buffer[offset + 2] === 0 && buffer[offset + 3] === 0;
		if (!framed) return buffer.toString('utf8');
		const size = buffer.readUInt32BE(offset + 4);
		parts.push(buffer.subarray(offset + 8, offset + 8 + size));
		offset += 8 + size;
	}
	if (offset < buffer.length && parts.length === 0) return buffer.toString('utf8');
	return Buffer.concat(parts).toString('utf8');
}

/**
 * The command lines of the `docker exec`s still running in a container, from the engine's own records
 * (the container's ExecIDs, each inspected): an exec outlives the client that started it, and this
 * needs no `ps` on the node, which `docker top` does.
 */
export async function runningExecs(engine: EngineHandle, container: string): Promise<string[]> {
	const api = engine.streamApi();
	const info = await engine.call(`inspect container ${container}`, abortSignal => api.getContainer(container).inspect({abortSignal}));
	const execs = await Promise.all(
		(info.ExecIDs ?? []).map(id =>
			engine.call(`inspect exec ${id.slice(0, 12)} in ${container}`, abortSignal => api.getExec(id).inspect(signalOption(abortSignal))),
		),
	);
	return execs.filter(exec => exec.Running).map(exec => [exec.ProcessConfig.entrypoint, ...exec.ProcessConfig.arguments].join(' '));
}

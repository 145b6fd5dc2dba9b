import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import {Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {setTimeout as sleep} from 'node:timers/promises';
import {ExternalError} from '../domain/errors.js';
import type {EngineHandle} from './engine-handle.js';

/** Aborts `controller` when `touch` has not been called for `idleMs`: a stream that went silent has failed. */
function idleWatch(controller: AbortController, idleMs: number): {touch: () => void; stop: () => void} {
	let timer: NodeJS.Timeout | undefined;
	const touch = () => {
		clearTimeout(timer);
		timer = setTimeout(() => controller.abort(new Error(`nothing received for ${Math.round(idleMs / 1000)}s`)), idleMs);
	};
	touch();
	return {touch, stop: () => clearTimeout(timer)};
}

/**
 * Docker's output stream of a container or exec without a TTY as one text stream: frames of an 8-byte
 * header (stream 0/1/2, 3 zero bytes, big-endian payload length) and the payload, stdout and stderr
 * payloads passed on in the order they were written, whatever chunks the frames arrive in. A stream whose
 * first bytes are not a frame header (a TTY's raw text) is passed on as it is, and so is the rest of a
 * stream where a header is expected and none is. A frame cut short at the end passes on what arrived of it.
 */
export function demultiplexer(): Transform {
	let pending: Buffer = Buffer.alloc(0);
	let mode: 'unknown' | 'framed' | 'raw' = 'unknown';
	/** Payload bytes still to come of the current frame (0: a header is next). */
	let remaining = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			if (mode === 'raw') return done(null, chunk);
			pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
			for (;;) {
				if (remaining > 0) {
					if (pending.length === 0) break;
					const payload = pending.subarray(0, remaining);
					remaining -= payload.length;
					pending = pending.subarray(payload.length);
					this.push(payload);
					continue;
				}
				if (pending.length < 8) break;
				if ((pending[0] ?? 3) > 2 || pending[1] !== 0 || pending[2] !== 0 || pending[3] !== 0) {
					// Not a header (as dockerode's demuxStream does): the rest passes on as it is.
					mode = 'raw';
					this.push(pending);
					pending = Buffer.alloc(0);
					break;
				}
				mode = 'framed';
				remaining = pending.readUInt32BE(4);
				pending = pending.subarray(8);
			}
			done();
		},
		flush(done) {
			// Fewer than 8 bytes and never a frame: short raw text; a partial header after frames is dropped.
			if (mode === 'unknown' && pending.length > 0) this.push(pending);
			done();
		},
	});
}

/**
 * `docker load` of a local archive through the API, reporting bytes sent. The engine reports a bad
 * archive as an `{"error": …}` line in a 200 response, so those lines are failures here. A read error
 * of the file, a dropped connection or a stream silent for `streamIdleMs` fails the load.
 */
export async function loadImage(
	engine: EngineHandle,
	file: string,
	onProgress: (sentBytes: number, totalBytes: number) => void,
): Promise<string[]> {
	const {size} = await stat(file);
	const api = engine.streamApi();
	const controller = new AbortController();
	const watch = idleWatch(controller, engine.deadlines.streamIdleMs);
	let sent = 0;
	const counter = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			sent += chunk.length;
			watch.touch();
			onProgress(sent, size);
			done(null, chunk);
		},
	});
	const upload = pipeline(createReadStream(file, {highWaterMark: 1024 * 1024}), counter);
	const action = `load ${file}`;
	// A read error of the file ends the upload half-way; the engine would wait for the rest, so stop the request.
	let readError: unknown;
	upload.catch((error: unknown) => {
		readError = error;
		controller.abort(error);
	});
	try {
		const response = await (api.loadImage(counter, {
			quiet: false,
			abortSignal: controller.signal,
		} as never) as unknown as Promise<NodeJS.ReadableStream>);
		const messages: string[] = [];
		let failure: string | undefined;
		const lines = createInterface({input: response});
		for await (const line of lines) {
			watch.touch();
			if (!line.trim()) continue;
			const parsed = JSON.parse(line) as {error?: string; stream?: string};
			if (parsed.error) failure ??= parsed.error;
			if (parsed.stream?.trim()) messages.push(parsed.stream.trim());
		}
		await upload;
		if (failure) throw engine.wrap(action, new Error(failure));
		return messages;
	} catch (error) {
		counter.destroy();
		if (readError !== undefined) {
			throw new ExternalError(
				`node ${engine.host}: cannot read ${file} while loading it: ${(readError as Error).message}.`,
				{
					cause: readError,
					hint: 'Check the package file and the disk it is on (permissions, I/O errors), then run again.',
				},
			);
		}
		if (controller.signal.aborted)
			throw engine.timedOut(
				`${action} (${(controller.signal.reason as Error).message})`,
				engine.deadlines.streamIdleMs,
			);
		throw error instanceof ExternalError ? error : engine.wrap(action, error);
	} finally {
		watch.stop();
		await upload.catch(() => undefined);
	}
}

/**
 * Runs a command in a container, streaming its output line by line. The exit code comes from
 * `exec.inspect()` once the engine says the command stopped (it is null before). The command may be
 * quiet for a long time (docker_init.sh waits on the MetaDB), so only `timeoutMs` bounds it; every
 * API call on the way has the engine's request deadline. Ctrl-C does not cut it short: a second
 * docker_init.sh started while the first still runs would migrate the metadata twice at once.
 */
export async function execInContainer(
	engine: EngineHandle,
	container: string,
	command: readonly string[],
	onLine: (line: string) => void,
	timeoutMs: number,
): Promise<{exitCode: number; lines: string[]}> {
	const api = engine.streamApi();
	const what = `${command.join(' ')} in ${container}`;
	const exec = await engine.call(`exec ${what}`, abortSignal =>
		api
			.getContainer(container)
			.exec({Cmd: [...command], AttachStdout: true, AttachStderr: true, Tty: false, abortSignal} as never),
	);
	const stream = await engine.call(`start ${what}`, abortSignal =>
		exec.start({hijack: true, stdin: false, abortSignal} as never),
	);
	const output = demultiplexer();
	stream.pipe(output, {end: false});
	const lines: string[] = [];
	const reader = createInterface({input: output});
	reader.on('line', line => {
		lines.push(line);
		onLine(line);
	});
	const ended = new Promise<void>(resolve => {
		stream.on('end', resolve);
		stream.on('close', resolve);
		stream.on('error', () => resolve());
	});
	const deadline = Date.now() + timeoutMs;
	const stopWaiting = new AbortController();
	await Promise.race([ended, sleep(timeoutMs, undefined, {signal: stopWaiting.signal}).catch(() => undefined)]);
	stopWaiting.abort();
	try {
		for (;;) {
			const info = await engine.call(
				`inspect exec of ${what}`,
				abortSignal =>
					exec.inspect({abortSignal} as never) as unknown as Promise<{Running: boolean; ExitCode: number | null}>,
			);
			if (!info.Running && info.ExitCode !== null) {
				const closed = new Promise(resolve => reader.once('close', resolve));
				output.end();
				await closed;
				return {exitCode: info.ExitCode, lines};
			}
			if (Date.now() > deadline) {
				throw new ExternalError(
					`node ${engine.host}: \`${command.join(' ')}\` in ${container} still runs after ${Math.round(timeoutMs / 1000)}s.`,
					{
						hint: `Look at it with docker exec -it ${container} bash on the node; raise init.timeoutSec if it is only slow.`,
					},
				);
			}
			await sleep(250);
		}
	} finally {
		stream.destroy();
	}
}

import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import {PassThrough, Transform} from 'node:stream';
import {ExternalError} from '../domain/errors.js';
import {delay} from '../domain/wait.js';
import type {DockerEngine} from './docker-engine.js';

/**
 * `docker load` of a local archive through the API, reporting bytes sent. The engine reports a bad
 * archive as an `{"error": …}` line in a 200 response, so those lines are failures here.
 */
export async function loadImage(engine: DockerEngine, file: string, onProgress: (sentBytes: number, totalBytes: number) => void): Promise<string[]> {
	const {size} = await stat(file);
	let sent = 0;
	const counter = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			sent += chunk.length;
			onProgress(sent, size);
			done(null, chunk);
		},
	});
	const source = createReadStream(file).pipe(counter);
	const response = await engine.call(`load ${file}`, () => engine.api.loadImage(source, {quiet: false}));
	const messages: string[] = [];
	await new Promise<void>((resolve, reject) => {
		engine.api.modem.followProgress(response, (error: Error | null, output: Array<{error?: string; stream?: string}>) => {
			const failure = error?.message ?? output.find(line => line.error)?.error;
			for (const line of output) if (line.stream) messages.push(line.stream.trim());
			if (failure) reject(engine.wrap(`load ${file}`, new Error(failure)));
			else resolve();
		});
	});
	return messages.filter(Boolean);
}

/**
 * Runs a command in a container, streaming its output line by line. The exit code comes from
 * `exec.inspect()` once the engine says the command stopped (it is null before).
 */
export async function execInContainer(
engine: DockerEngine,
container: string,
command: readonly string[],
onLine: (line: string) => void,
timeoutMs: number,
): Promise<{exitCode: number; lines: string[]}> {
	const exec = await engine.call(`exec ${command.join(' ')} in ${container}`, () =>
		engine.api.getContainer(container).exec({Cmd: [...command], AttachStdout: true, AttachStderr: true, Tty: false}),
	);
	const stream = await engine.call(`start ${command.join(' ')} in ${container}`, () => exec.start({hijack: true, stdin: false}));
	const output = new PassThrough();
	engine.api.modem.demuxStream(stream, output, output);
	const lines: string[] = [];
	const reader = createInterface({input: output});
	reader.on('line', line => {
		lines.push(line);
		onLine(line);
	});
	const ended = new Promise<void>(resolve => {
		stream.on('end', resolve);
		stream.on('close', resolve);
	});
	const deadline = Date.now() + timeoutMs;
	const timer = new AbortController();
	await Promise.race([ended, delay(timeoutMs, timer.signal).catch(() => undefined)]);
	timer.abort();
	for (;;) {
		const info = await engine.call(`inspect exec in ${container}`, () => exec.inspect());
		if (!info.Running && info.ExitCode !== null) {
			const closed = new Promise(resolve => reader.once('close', resolve));
			output.end();
			await closed;
			return {exitCode: info.ExitCode, lines};
		}
		if (Date.now() > deadline) {
			throw new ExternalError(`node ${engine.host}: \`${command.join(' ')}\` in ${container} still runs after ${Math.round(timeoutMs / 1000)}s.`, {
				hint: `Look at it with docker exec -it ${container} bash on the node; raise init.timeoutSec if it is only slow.`,
			});
		}
		await delay(250);
	}
}

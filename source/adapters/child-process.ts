import {createHash} from 'node:crypto';
import {createReadStream, createWriteStream} from 'node:fs';
import {Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {execa} from 'execa';

/**
 * The environment a child process gets: what a MySQL client or ssh needs to run and to find its files
 * and agent, and nothing else. Secrets the operator exported for this tool (the MetaDB password variable
 * above all) never reach a child; the password goes to the clients in a 0600 defaults file.
 */
export function childEnvironment(environment: NodeJS.ProcessEnv = process.env): Record<string, string> {
	const kept: Record<string, string> = {};
	for (const [name, value] of Object.entries(environment)) {
		if (value === undefined) continue;
		if (/^(PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|TZ|TMPDIR|SSH_AUTH_SOCK|LC_[A-Z]+)$/.test(name)) kept[name] = value;
	}
	return kept;
}

/** What a streamed child moved: its output's bytes, their sha256 and last bytes (a dump's completion line). */
export type StreamedResult = {readonly bytes: number; readonly sha256: string; readonly tail: string};

export type StreamedRun = {
	readonly command: string;
	readonly args: readonly string[];
	/** The child's stdout goes here (written as it arrives, hashed on the way); nothing is kept when absent. */
	readonly outputFile?: string;
	/** The child's stdin is read from here. */
	readonly inputFile?: string;
	/** The child fails when no byte moved (to its stdin or from its stdout) for this long. */
	readonly idleMs: number;
	/** Aborting stops the child at once. */
	readonly signal: AbortSignal;
};

/** Why a streamed child failed: its own exit, the idle deadline, an abort, or a spawn failure (with its cause). */
export class StreamedFailure extends Error {
	constructor(
		readonly reason: 'exit' | 'idle' | 'aborted' | 'spawn',
		readonly said: string,
		readonly exitCode: number | undefined,
		message: string,
	) {
		super(message);
	}
}

const tailBytes = 256;

/**
 * Runs a child with its stdin from a file and/or its stdout into a file, measuring the bytes as they move:
 * the idle deadline restarts at every chunk, so a large dump that keeps moving is never cut, while one
 * the server stopped answering fails after `idleMs`. The sha256 of the output is taken on the way (no
 * second read). Stops the child's process group (TERM, then KILL after 2 s) on idle or abort.
 */
export async function runStreamed(run: StreamedRun): Promise<StreamedResult> {
	const hash = createHash('sha256');
	let bytes = 0;
	let tail = Buffer.alloc(0);
	let stopped: 'idle' | 'aborted' | undefined;
	const child = execa(run.command, [...run.args], {
		reject: false,
		buffer: {stdout: false, stderr: true},
		stdin: run.inputFile ? 'pipe' : 'ignore',
		stdout: 'pipe',
		env: childEnvironment(),
		extendEnv: false,
		// Its own process group, so stopping it stops whatever it started (a wrapper script's children too).
		detached: true,
	});
	let timer: NodeJS.Timeout | undefined;
	let killer: NodeJS.Timeout | undefined;
	const signalGroup = (name: NodeJS.Signals) => {
		try {
			if (child.pid) process.kill(-child.pid, name);
		} catch {
			// Already gone.
		}
	};
	const stop = (why: 'idle' | 'aborted') => {
		if (stopped) return;
		stopped = why;
		signalGroup('SIGTERM');
		killer = setTimeout(() => signalGroup('SIGKILL'), 2000);
	};
	const moved = () => {
		clearTimeout(timer);
		timer = setTimeout(() => stop('idle'), run.idleMs);
	};
	const onAbort = () => stop('aborted');
	run.signal.addEventListener('abort', onAbort, {once: true});
	if (run.signal.aborted) stop('aborted');
	moved();
	const meter = (keep: boolean) =>
		new Transform({
			transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
				moved();
				if (keep) {
					hash.update(chunk);
					bytes += chunk.length;
					tail = Buffer.concat([tail, chunk]).subarray(-tailBytes);
				}
				callback(null, chunk);
			},
		});
	const flows: Promise<unknown>[] = [];
	if (run.outputFile) flows.push(pipeline(child.stdout, meter(true), createWriteStream(run.outputFile)));
	else child.stdout.resume();
	if (run.inputFile && child.stdin) flows.push(pipeline(createReadStream(run.inputFile), meter(false), child.stdin));
	try {
		const [result, ...settled] = await Promise.all([
			child,
			...flows.map(flow =>
				flow.then(
					() => undefined,
					(error: unknown) => error,
				),
			),
		]);
		const stderr = typeof result.stderr === 'string' ? result.stderr : '';
		const said = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' ');
		if (stopped) throw new StreamedFailure(stopped, said, result.exitCode, stopped);
		if (result.code === 'ENOENT' || (result.exitCode === undefined && result.failed && !result.signal))
			throw new StreamedFailure(
				'spawn',
				said,
				undefined,
				`could not be started: ${result.cause instanceof Error ? result.cause.message : result.shortMessage}`,
			);
		if (result.exitCode !== 0) throw new StreamedFailure('exit', said, result.exitCode, `exited ${result.exitCode ?? `on ${result.signal}`}`);
		// A file that could not be read or written fails the run even when the child exited 0.
		const broken = settled.find(error => error !== undefined && (error as NodeJS.ErrnoException).code !== 'EPIPE');
		if (broken) throw new StreamedFailure('exit', said, 0, `its stream failed: ${(broken as Error).message}`);
		return {bytes, sha256: hash.digest('hex'), tail: tail.toString('utf8')};
	} finally {
		clearTimeout(timer);
		clearTimeout(killer);
		run.signal.removeEventListener('abort', onAbort);
	}
}

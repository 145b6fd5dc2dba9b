import {createHash} from 'node:crypto';
import {open, readFile} from 'node:fs/promises';
import {spawn} from 'node:child_process';

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
type StreamedResult = {readonly bytes: number; readonly sha256: string; readonly tail: string};

type StreamedRun = {
	readonly command: string;
	readonly args: readonly string[];
	/** The child's stdout goes here (followed as it grows and hashed on the way); discarded when absent. */
	readonly outputFile?: string;
	/** The child's stdin is read from here. */
	readonly inputFile?: string;
	/** The child fails when no byte moved (to its stdin or from its stdout) for this long. */
	readonly idleMs: number;
	/** Aborting stops the child at once. */
	readonly signal?: AbortSignal;
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
 * A client's note that it ignores an option passed as `--loose-…` on purpose (MariaDB's mysqldump has no
 * column-statistics): never the cause of a failure.
 */
const ignoredLooseOption = /^Warning: \S+: unknown (variable|option) '-*loose-/;

/**
 * Runs a child with its stdin from a file and/or its stdout into a file, measuring the bytes as they move:
 * the idle deadline restarts whenever bytes move, so a large dump that keeps moving is never cut, while one
 * the server stopped answering fails after `idleMs`. The sha256 of the output is taken as it is written
 * (no second pass after the child ends). Stops the child's process group (TERM, then KILL after 2 s) on idle or abort.
 */
export async function runStreamed(run: StreamedRun): Promise<StreamedResult> {
	const hash = createHash('sha256');
	let bytes = 0;
	let tail = Buffer.alloc(0);
	let stopped: 'idle' | 'aborted' | undefined;
	// The output file is the child's own stdout (0600: a dump holds the MetaDB's rows), as `> file` would be.
	const output = run.outputFile ? await open(run.outputFile, 'w', 0o600) : undefined;
	// The input file is the child's own stdin, as `< file` would be: a restore goes on to its end even when
	// this process is killed (a restore cut in the middle would leave a database half loaded).
	const input = run.inputFile ? await open(run.inputFile, 'r') : undefined;
	// spawn, not execa: the child's stdout is a file descriptor of ours, which execa's options do not take.
	const child = spawn(run.command, [...run.args], {
		stdio: [input ? input.fd : 'ignore', output ? output.fd : 'ignore', 'pipe'],
		env: childEnvironment(),
		// Its own process group, so stopping it stops whatever it started (a wrapper script's children too).
		detached: true,
	});
	let stderr = '';
	child.stderr?.setEncoding('utf8').on('data', (text: string) => {
		stderr = (stderr + text).slice(-4096);
	});
	let exited = false;
	const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null; spawnError?: Error}>(resolve => {
		child.once('error', spawnError => resolve({code: null, signal: null, spawnError}));
		child.once('close', (code, signal) => resolve({code, signal}));
	}).finally(() => {
		exited = true;
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
	run.signal?.addEventListener('abort', onAbort, {once: true});
	if (run.signal?.aborted) stop('aborted');
	moved();
	const kept = (chunk: Buffer) => {
		moved();
		hash.update(chunk);
		bytes += chunk.length;
		tail = Buffer.concat([tail, chunk.subarray(-tailBytes)]).subarray(-tailBytes);
	};
	/**
	 * Follows the output file as the child writes it, hashing each new byte from the page cache: the
	 * sha256 is ready when the child exits, with no second pass, and the child writes to a file at its own
	 * pace (measured faster than piping it through this process: bench/dumps.bench.mjs).
	 */
	const follow = async (file: string) => {
		const reader = await open(file, 'r');
		const buffer = Buffer.allocUnsafe(4 * 2 ** 20);
		try {
			for (;;) {
				const finished = exited;
				const {bytesRead} = await reader.read(buffer, 0, buffer.length, bytes);
				if (bytesRead > 0) kept(buffer.subarray(0, bytesRead));
				else if (finished) return;
				else await new Promise(resolve => setTimeout(resolve, 50));
			}
		} finally {
			await reader.close();
		}
	};
	/**
	 * Watches how far the child has read its stdin (the file offset Linux shows in /proc/<pid>/fdinfo/0):
	 * each advance restarts the idle deadline. Where that cannot be read, the deadline cannot be judged and
	 * is kept from firing.
	 */
	const watchInput = async () => {
		let last = -1;
		while (!exited) {
			const text = await readFile(`/proc/${child.pid}/fdinfo/0`, 'utf8').catch(() => '');
			const position = Number(/^pos:\s*(\d+)/m.exec(text)?.[1] ?? Number.NaN);
			if (Number.isNaN(position) || position !== last) moved();
			if (!Number.isNaN(position)) last = position;
			await new Promise(resolve => setTimeout(resolve, 200));
		}
	};
	const flows: Promise<unknown>[] = [];
	if (run.outputFile) flows.push(follow(run.outputFile));
	if (input) flows.push(watchInput());
	try {
		const [result, ...settled] = await Promise.all([
			ended,
			...flows.map(flow =>
				flow.then(
					() => undefined,
					(error: unknown) => error,
				),
			),
		]);
		const said = stderr
			.trim()
			.split('\n')
			.filter(line => line && !ignoredLooseOption.test(line))
			.slice(-3)
			.join(' ');
		if (result.spawnError)
			throw new StreamedFailure('spawn', said, undefined, `could not be started: ${result.spawnError.message}`);
		if (stopped) throw new StreamedFailure(stopped, said, result.code ?? undefined, stopped);
		if (result.code !== 0)
			throw new StreamedFailure(
				'exit',
				said,
				result.code ?? undefined,
				`exited ${result.code ?? `on ${result.signal}`}`,
			);
		// A file that could not be read or written fails the run even when the child exited 0.
		const broken = settled.find(error => error !== undefined && (error as NodeJS.ErrnoException).code !== 'EPIPE');
		if (broken) throw new StreamedFailure('exit', said, 0, `its stream failed: ${(broken as Error).message}`);
		return {bytes, sha256: hash.digest('hex'), tail: tail.toString('utf8')};
	} finally {
		clearTimeout(timer);
		clearTimeout(killer);
		await output?.close();
		await input?.close();
		run.signal?.removeEventListener('abort', onAbort);
	}
}

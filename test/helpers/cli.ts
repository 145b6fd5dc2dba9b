import {mkdirSync} from 'node:fs';
import {readdir, readFile} from 'node:fs/promises';
import {constants, tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {execa, type ResultPromise} from 'execa';
import {waitFor} from '../../source/domain/wait.js';
import type {EngineEvent} from '../../source/domain/events.js';

export const cliPath = fileURLToPath(new URL('../../bin/oms-upgrade.js', import.meta.url));

/** How long one CLI process may run in a test before it is taken for hung: under the suite's 180 s per test. */
const defaultDeadlineMs = 170_000;

/** Where a hung process's Node.js diagnostic report goes (NODE_OPTIONS below: written on SIGUSR2 only). */
const reportDirectory = join(tmpdir(), 'omsu-cli-reports');
mkdirSync(reportDirectory, {recursive: true});
const reportOptions = `--report-on-signal --report-signal=SIGUSR2 --report-directory=${reportDirectory}`;

/**
 * A process that outlived its deadline: ask it for a diagnostic report (what its JavaScript and libuv
 * were waiting on), then kill it, and fail with what it is, what it printed and where it was stuck.
 */
async function hung(
	child: ResultPromise,
	args: readonly string[],
	output: () => string,
	deadlineMs: number,
): Promise<never> {
	child.kill('SIGUSR2');
	await sleep(2000);
	child.kill('SIGKILL');
	const file = (await readdir(reportDirectory)).find(name => name.includes(`.${child.pid}.`));
	let stuck = 'no diagnostic report';
	if (file) {
		const report = JSON.parse(await readFile(join(reportDirectory, file), 'utf8')) as {
			javascriptStack?: {stack?: string[]};
			libuv?: Array<{type: string; is_active: boolean; remoteEndpoint?: unknown}>;
		};
		const handles = (report.libuv ?? [])
			.filter(
				handle => handle.is_active && !['async', 'check', 'prepare', 'idle', 'loop', 'signal'].includes(handle.type),
			)
			.map(handle => `${handle.type}${handle.remoteEndpoint ? ` ${JSON.stringify(handle.remoteEndpoint)}` : ''}`);
		stuck = `stack: ${(report.javascriptStack?.stack ?? []).slice(0, 8).join(' | ')}; active handles: ${handles.join(', ')} (report ${join(reportDirectory, file)})`;
	}
	throw new Error(
		`oms-upgrade ${args.join(' ')} did not end within ${deadlineMs / 1000}s; ${stuck}; output: ${output().slice(-4000)}`,
	);
}

/** Resolves with the child's result, or fails as hung (with its report) once the deadline passes. */
async function within<T>(
	child: ResultPromise,
	result: Promise<T>,
	args: readonly string[],
	output: () => string,
	deadlineMs: number,
): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<'hung'>(resolve => (timer = setTimeout(() => resolve('hung'), deadlineMs)));
	try {
		const first = await Promise.race([result, deadline]);
		return first === 'hung' ? await hung(child, args, output, deadlineMs) : first;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Runs the built CLI (npm test builds first) as an operator would, never throwing on exit codes; a hang fails with a
 * report.
 */
export async function runCli(
	args: readonly string[],
	options: {env?: Record<string, string>; cwd?: string; input?: string; deadlineMs?: number} = {},
) {
	const child = execa('node', [cliPath, ...args], {
		reject: false,
		env: {NO_COLOR: '1', NODE_OPTIONS: reportOptions, ...options.env},
		cwd: options.cwd,
		...(options.input === undefined ? {stdin: 'ignore' as const} : {input: options.input}),
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const result = await within(child, child, args, () => output, options.deadlineMs ?? defaultDeadlineMs);
	return {exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr};
}

/** A CLI run in the background: its JSON-line events as they come, its stdin to answer, kill to crash it. */
export type LiveRun = {
	readonly process: ResultPromise;
	readonly events: EngineEvent[];
	readonly stderr: () => string;
	/** Resolves with the first event (already seen or to come) that matches. */
	readonly waitForEvent: (match: (event: EngineEvent) => boolean, timeoutMs?: number) => Promise<EngineEvent>;
	readonly answer: (text: string) => void;
	/** Resolves once the run has asked `count` questions (`Proceed? [y/N]` on stderr). */
	readonly waitForPrompt: (count: number, timeoutMs?: number) => Promise<string>;
	readonly exit: Promise<number>;
};

export function startCli(args: readonly string[], options: {deadlineMs?: number} = {}): LiveRun {
	const child = execa('node', [cliPath, ...args, '--json'], {
		reject: false,
		env: {NO_COLOR: '1', NODE_OPTIONS: reportOptions},
		stdin: 'pipe',
		buffer: false,
	});
	const events: EngineEvent[] = [];
	let errors = '';
	let pending = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		pending += chunk.toString('utf8');
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as EngineEvent);
	});
	child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
	// Killed by a signal: the shell's 128 + its number (SIGINT 130, SIGKILL 137).
	const ended = child.then(result => result.exitCode ?? (result.signal ? 128 + constants.signals[result.signal] : -1));
	const exit = within(
		child,
		ended,
		args,
		() =>
			`${events
				.slice(-15)
				.map(event => JSON.stringify(event))
				.join('\n')}\nstderr: ${errors}`,
		options.deadlineMs ?? defaultDeadlineMs,
	);
	// A test that never awaits the exit (it killed the run and moved on) must not see an unhandled rejection.
	exit.catch(() => undefined);
	return {
		process: child,
		events,
		stderr: () => errors,
		// On a timeout the run is killed (left running, it would hold the locks the next test needs) and the
		// failure shows what the run did say, counted when it failed.
		waitForEvent: (match, timeoutMs = 120_000) =>
			waitFor(() => events.find(match), {timeoutMs, intervalMs: 20}).catch((error: unknown) => {
				child.kill('SIGKILL');
				const recent = events.slice(-8).map(event => JSON.stringify(event));
				throw new Error(
					`no matching event within ${timeoutMs / 1000}s (${String(error)}); saw ${events.length} events, the last:\n${recent.join('\n')}\nstderr: ${errors}`,
				);
			}),
		answer: text => child.stdin!.write(text),
		waitForPrompt: (count, timeoutMs = 120_000) =>
			waitFor(() => (errors.split('Proceed? [y/N]').length > count ? errors : undefined), {
				timeoutMs,
				intervalMs: 20,
				message: `fewer than ${count} questions asked; stderr: ${errors}`,
			}),
		exit,
	};
}

export const isLog = (text: string | RegExp, step?: string) => (event: EngineEvent) =>
	event.type === 'log' &&
	(step === undefined || event.step === step) &&
	(typeof text === 'string' ? event.text.includes(text) : text.test(event.text));

export const isStep =
	(step: string, status?: string, node: string | null = null) =>
	(event: EngineEvent) =>
		(status === undefined
			? event.type === 'step-started'
			: event.type === 'step-finished' && event.status === status) &&
		'step' in event &&
		event.step === step &&
		'node' in event &&
		event.node === node;

import {constants} from 'node:os';
import {fileURLToPath} from 'node:url';
import {execa, type ResultPromise} from 'execa';
import {waitFor} from '../../source/domain/wait.js';
import type {EngineEvent} from '../../source/engine/events.js';

export const cliPath = fileURLToPath(new URL('../../bin/oms-upgrade.js', import.meta.url));

/** Runs the built CLI (npm test builds first) as an operator would, never throwing on exit codes. */
export async function runCli(args: readonly string[], options: {env?: Record<string, string>; cwd?: string; input?: string} = {}) {
	const result = await execa('node', [cliPath, ...args], {
		reject: false,
		env: {NO_COLOR: '1', ...options.env},
		cwd: options.cwd,
		...(options.input === undefined ? {stdin: 'ignore' as const} : {input: options.input}),
	});
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

export function startCli(args: readonly string[]): LiveRun {
	const child = execa('node', [cliPath, ...args, '--json'], {reject: false, env: {NO_COLOR: '1'}, stdin: 'pipe', buffer: false});
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
	const exit = child.then(result => result.exitCode ?? (result.signal ? 128 + constants.signals[result.signal] : -1));
	return {
		process: child,
		events,
		stderr: () => errors,
		waitForEvent: (match, timeoutMs = 120_000) =>
			waitFor(() => events.find(match), {timeoutMs, intervalMs: 20, message: `no matching event; saw ${events.length} events, stderr: ${errors}`}),
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
	event.type === 'log' && (step === undefined || event.step === step) && (typeof text === 'string' ? event.text.includes(text) : text.test(event.text));

export const isStep =
	(step: string, status?: string, node: string | null = null) =>
	(event: EngineEvent) =>
		(status === undefined ? event.type === 'step-started' : event.type === 'step-finished' && event.status === status) &&
		'step' in event &&
		event.step === step &&
		'node' in event &&
		event.node === node;

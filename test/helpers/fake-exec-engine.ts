import {PassThrough} from 'node:stream';
import type {DockerEngine} from '../../source/adapters/docker-engine.js';
import {execInContainer} from '../../source/adapters/docker-streams.js';
import type {EngineHandle} from '../../source/adapters/engine-handle.js';

/** What one `docker exec` of a command answers: its output lines and exit code. */
export type ExecAnswer = {readonly lines: readonly string[]; readonly exitCode: number};

/**
 * A DockerEngine that runs nothing: `docker exec` answers from `answer(command)`, `inspect` says the
 * container runs since `startedAt`. Only what execInContainer and the steps' exec paths call is here.
 * `commands` records every exec in order.
 */
export function fakeExecEngine(
	answer: (command: readonly string[]) => ExecAnswer,
	startedAt = new Date(0).toISOString(),
	/** What each look at the running execs answers, in turn (the last repeats); none: no exec runs. */
	execs: ReadonlyArray<readonly string[]> = [],
) {
	const commands: string[][] = [];
	let execLooks = 0;
	const api = {
		getContainer: () => ({
			exec: async (options: {Cmd: string[]}) => {
				commands.push(options.Cmd);
				const result = answer(options.Cmd);
				return {
					start: async () => {
						const stream = new PassThrough();
						setImmediate(() => stream.end(result.lines.map(line => `${line}\n`).join('')));
						return stream;
					},
					inspect: async () => ({Running: false, ExitCode: result.exitCode}),
				};
			},
		}),
	};
	const engine = {
		host: '10.0.0.1',
		deadlines: {connectMs: 1000, requestMs: 1000, streamIdleMs: 1000},
		streamApi: () => api,
		call: async <T>(_action: string, run: (signal: AbortSignal) => Promise<T>) => run(new AbortController().signal),
		inspectContainer: async () => ({running: true, startedAt}),
		runningExecs: async () => {
			const running = execs[Math.min(execs.length - 1, execLooks)];
			execLooks += 1;
			return [...(running ?? [])];
		},
		// The port's exec, through the real stream adapter.
		exec: (container: string, command: readonly string[], onLine: (line: string) => void, timeoutMs: number) =>
			execInContainer(engine as unknown as EngineHandle, container, command, onLine, timeoutMs),
	};
	return {engine: engine as unknown as DockerEngine, commands, execLooks: () => execLooks};
}

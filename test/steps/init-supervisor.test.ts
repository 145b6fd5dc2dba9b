import {initCompleted} from '../../source/domain/init-output.js';
import {describe, expect, it} from 'vitest';
import {initMetadata} from '../../source/steps/init.js';
import type {StepContext} from '../../source/steps/step-context.js';
import {fakeExecEngine, type ExecAnswer} from '../helpers/fake-exec-engine.js';

const host = '10.0.0.1';

async function runInit(ctx: StepContext): Promise<unknown> {
	if (!initMetadata.run) throw new Error('init has no run');
	return initMetadata.run(ctx);
}
const running = (program: string) => `${program.padEnd(33)} RUNNING   pid 7, uptime 0:01:00`;
const initOk: ExecAnswer = {lines: [initCompleted], exitCode: 0};

/**
 * A context for init on one node; the node's engine answers execs with `answers` (one per supervisorctl call, the last
 * repeats).
 */
function initContext(
	answers: readonly ExecAnswer[],
	options: {
		timeoutSec?: number;
		minWaitSec?: number;
		signal?: AbortSignal;
		startedAt?: string;
		execs?: ReadonlyArray<readonly string[]>;
	} = {},
) {
	let calls = 0;
	const {engine, commands, execLooks} = fakeExecEngine(
		command => {
			if (command[0] !== 'supervisorctl') return initOk;
			calls += 1;
			return answers[Math.min(calls, answers.length) - 1]!;
		},
		options.startedAt,
		options.execs,
	);
	const logs: string[] = [];
	const ctx = {
		model: {
			nodes: [{host, engine, newContainer: 'oms-new'}],
			initTargets: [{region: 'r1', hosts: [host]}],
			plan: {init: {minWaitSec: options.minWaitSec ?? 0, timeoutSec: options.timeoutSec ?? 30}},
		},
		doneOn: () => false,
		earlierLines: async () => [],
		log: (_node: string | null, text: string) => logs.push(text),
		nodeState: async () => undefined,
		signal: options.signal ?? new AbortController().signal,
	} as unknown as StepContext;
	const ran = () => commands.map(command => command.join(' '));
	return {ctx, logs, ran, execLooks};
}

describe('init waits for the supervisor', () => {
	it('goes ahead when supervisorctl is not in the image (exit 127)', async () => {
		const {ctx, logs, ran} = initContext([
			{lines: ['OCI runtime exec failed: exec: "supervisorctl": executable file not found in $PATH'], exitCode: 127},
		]);
		await runInit(ctx);
		expect(logs).toContain('no supervisorctl in this image: nothing to wait for');
		expect(ran()).toEqual(['supervisorctl status', 'bash /root/docker_init.sh']);
	});

	it('refuses, without running init, when supervisorctl is there but cannot be run (exit 126)', async () => {
		const {ctx, ran} = initContext([
			{lines: ['OCI runtime exec failed: exec: "supervisorctl": permission denied'], exitCode: 126},
		]);
		await expect(runInit(ctx)).rejects.toThrow(
			'node 10.0.0.1: `supervisorctl status` in oms-new cannot be run (exit 126: OCI runtime exec failed: exec: "supervisorctl": permission denied).',
		);
		expect(ran()).toEqual(['supervisorctl status']);
	});

	it('keeps waiting while supervisorctl cannot reach supervisord, and runs init once the programs run', async () => {
		const {ctx, logs, ran} = initContext([
			{lines: ['unix:///tmp/supervisor.sock no such file'], exitCode: 4},
			{lines: [running('oms_console')], exitCode: 0},
		]);
		await runInit(ctx);
		expect(logs).toContain('supervisorctl status exited 4: unix:///tmp/supervisor.sock no such file');
		expect(ran()).toEqual(['supervisorctl status', 'supervisorctl status', 'bash /root/docker_init.sh']);
	});

	it('names what supervisorctl last said when supervisord never answers', async () => {
		const {ctx, ran} = initContext([{lines: ['unix:///tmp/supervisor.sock refused connection'], exitCode: 4}], {
			timeoutSec: 1,
		});
		await expect(runInit(ctx)).rejects.toThrow(
			'node 10.0.0.1: supervisor programs still STARTING after 1s (supervisorctl status exited 4: unix:///tmp/supervisor.sock refused connection).',
		);
		expect(ran().at(-1)).toBe('supervisorctl status');
	});

	it('reads exit 3 (a program not RUNNING) as a status listing, not as a failure', async () => {
		const {ctx, ran} = initContext([
			{lines: [running('oms_console'), `${'oms_drc_cm'.padEnd(33)} FATAL     Exited too quickly`], exitCode: 3},
		]);
		await runInit(ctx);
		expect(ran()).toEqual(['supervisorctl status', 'bash /root/docker_init.sh']);
	});

	it('does not start the minWaitSec wait when Ctrl-C came before it', async () => {
		const controller = new AbortController();
		controller.abort(new Error('interrupted'));
		const options = {minWaitSec: 300, signal: controller.signal, startedAt: new Date().toISOString()};
		const {ctx, ran} = initContext([{lines: [running('oms_console')], exitCode: 0}], options);
		const started = Date.now();
		await expect(runInit(ctx)).rejects.toThrow('interrupted');
		expect(Date.now() - started).toBeLessThan(1000);
		expect(ran()).toEqual([]);
	});
});

describe('init after a run that was killed during init', () => {
	const earlier = ['bash /root/docker_init.sh'];

	it('waits for the docker_init.sh that run left running, then runs it again: never two at once', async () => {
		const {ctx, logs, ran, execLooks} = initContext([{lines: [running('oms_console')], exitCode: 0}], {
			execs: [earlier, earlier, []],
		});
		await runInit(ctx);
		expect(execLooks()).toBe(3);
		expect(logs).toContain(
			'docker_init.sh of an earlier run still runs in oms-new (bash /root/docker_init.sh): waiting for it to end before running it again',
		);
		expect(logs).toContain('the earlier docker_init.sh has ended');
		expect(ran()).toEqual(['supervisorctl status', 'bash /root/docker_init.sh']);
	});

	it('does not start init while the earlier one still runs at the timeout, and says so', async () => {
		const {ctx, ran} = initContext([{lines: [running('oms_console')], exitCode: 0}], {execs: [earlier], timeoutSec: 1});
		await expect(runInit(ctx)).rejects.toThrow(
			'node 10.0.0.1: the earlier docker_init.sh still runs after 1s; init has not been started again.',
		);
		expect(ran()).toEqual(['supervisorctl status']);
	});
});

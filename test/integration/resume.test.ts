import {readdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import mysql from 'mysql2/promise';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {EngineEvent} from '../../source/domain/events.js';
import {isLog, isStep, runCli, startCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/** Crashes (kill -9) in the middle of the upgrade, a second operator, and the runs that resume. */
let lab: Lab;
let planFile: string;
let workdir: string;

beforeAll(async () => {
	lab = await startLab({nodes: 3, regions: 2});
	planFile = lab.state.planFile;
	workdir = join(lab.directory, 'oms-upgrade-lab');
});

afterAll(async () => {
	await lab?.down();
});

type Journal = {attempt: string; steps: Record<string, {status: string; nodes: Record<string, {status: string}>}>};
const journal = async () => JSON.parse(await readFile(join(workdir, 'journal.json'), 'utf8')) as Journal;

describe('one run at a time', () => {
	it('refuses a second run, naming the holder of the workdir lock and of the MetaDB lock', async () => {
		const first = startCli(['run', '-c', planFile]);
		await first.waitForPrompt(1);
		expect(first.stderr()).toContain(
			'stop-old: docker stop oms_428@127.0.0.2, oms_428@127.0.0.3, oms_428@127.0.0.4: OMS goes down (downtime starts).',
		);

		const second = await runCli(['run', '-c', planFile, '--yes']);
		expect(second.exitCode).toBe(1);
		expect(second.stderr).toMatch(
			new RegExp(
				`another oms-upgrade run holds ${workdir}/lock: pid ${first.process.pid} on \\S+, user root, \`oms-upgrade run\``,
			),
		);

		const elsewhere = join(lab.directory, 'second-operator.yaml');
		await writeFile(elsewhere, (await readFile(planFile, 'utf8')) + 'workdir: ./second-operator-workdir\n');
		const third = await runCli(['run', '-c', elsewhere, '--yes']);
		expect(third.exitCode).toBe(1);
		expect(third.stderr).toMatch(
			/another oms-upgrade holds the MetaDB lock oms-upgrade:oms_rm \(connection \d+ from 127\.0\.0\.1:\d+ as oms_meta_user\)/,
		);

		first.answer('n\n');
		expect(await first.exit).toBe(1);
		// With --json the dialogue is in the events too: the question, then the operator's No.
		expect(first.events.filter(event => event.type === 'question' || event.type === 'answer')).toMatchObject([
			{
				type: 'question',
				step: 'disable-ha',
				kind: 'step',
				text: expect.stringMatching(/^stop-old: docker stop oms_428@127\.0\.0\.2/),
			},
			{type: 'answer', step: 'disable-ha', answer: 'no', by: 'operator'},
		]);
		expect(first.stderr()).toContain(
			'paused at disable-ha: stop-old was not confirmed, so nothing of disable-ha was done',
		);
		expect((await journal()).steps['stop-old']).toBeUndefined();
		expect((await journal()).steps['disable-ha']).toBeUndefined();
		for (const index of [0, 1, 2])
			expect((await lab.docker(index).getContainer('oms_428').inspect()).State.Running).toBe(true);
	});
});

describe('kill -9, then run again', () => {
	it('during backup: the step is left running in the journal and the next run redoes it', async () => {
		// A table lock holds mysqldump inside the backup step long enough to kill the run there.
		const holder = await mysql.createConnection({socketPath: lab.state.metadb.socket, user: 'root'});
		await holder.query('LOCK TABLES oms_rm.project WRITE');
		try {
			const run = startCli(['run', '-c', planFile, '--yes']);
			await run.waitForEvent(isLog(/^mysqldump .* oms_rm > \S+\.partial-\d+$/, 'backup'));
			run.process.kill('SIGKILL');
			await run.exit;
		} finally {
			await holder.end();
		}
		const state = await journal();
		expect(state.steps.backup!.status).toBe('running');
		expect(state.steps['stop-old']!.status).toBe('succeeded');
		// The journal still says running; status tells that its process is gone.
		const status = await runCli(['status', '-c', planFile]);
		expect(status.stdout).toMatch(
			/last run \d{8}T\d{6}-run ended without finishing \(its process is gone: killed or crashed\); running again resumes/,
		);
	});

	it('during init: init is re-run on the same node, once per region', async () => {
		const run = startCli(['run', '-c', planFile, '--yes']);
		const skipped = await run.waitForEvent(isStep('stop-old', 'skipped'));
		expect(skipped).toMatchObject({reason: expect.stringMatching(/^done earlier in this attempt/)});
		await run.waitForEvent(isLog('[1/4] checking MetaDB', 'init'));
		run.process.kill('SIGKILL');
		await run.exit;
		expect((await journal()).steps.init!.status).toBe('running');
		expect(
			run.events
				.filter(
					(event): event is Extract<EngineEvent, {type: 'step-finished'}> =>
						event.type === 'step-finished' && event.step === 'backup' && event.node === null,
				)
				.map(event => event.status),
		).toEqual(['succeeded']);
	});

	it('during init, with its docker_init.sh still running: the next run waits for that one to end, never two at once', async () => {
		// A read lock holds docker_init.sh at its schema change, so it outlives the run that started it.
		const holder = await mysql.createConnection({socketPath: lab.state.metadb.socket, user: 'root'});
		// Runs of the script, not its processes: a `$(…)` in it forks a subshell with the same command line.
		const inits = async () => {
			const top = (await lab.docker(0).getContainer('oms_428_429').top({ps_args: '-o pid,ppid,args'})) as {
				Processes: string[][];
			};
			const scripts = top.Processes.filter(([, , args]) => args?.includes('docker_init.sh'));
			const pids = new Set(scripts.map(([pid]) => pid));
			return scripts.filter(([, ppid]) => !pids.has(ppid));
		};
		try {
			const run = startCli(['run', '-c', planFile, '--yes']);
			await run.waitForEvent(isLog('[1/4] checking MetaDB', 'init'));
			await holder.query('FLUSH TABLES WITH READ LOCK');
			run.process.kill('SIGKILL');
			await run.exit;
			expect(await inits()).toHaveLength(1);
			const next = startCli(['run', '-c', planFile, '--yes']);
			await next.waitForEvent(
				isLog(
					/^docker_init\.sh of an earlier run still runs in oms_428_429 \(.*docker_init\.sh.*\): waiting for it to end/,
					'init',
				),
			);
			expect(await inits()).toHaveLength(1);
			await holder.query('UNLOCK TABLES');
			await next.waitForEvent(isLog('the earlier docker_init.sh has ended', 'init'));
			// The rest is the last run's: it waits for whatever this one left running too.
			next.process.kill('SIGKILL');
			await next.exit;
		} finally {
			await holder.end();
		}
	});

	it('the last run completes: one new container per node, init on one node per region', async () => {
		const result = await runCli(['run', '-c', planFile, '--yes']);
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(
			/preflight +127\.0\.0\.3 +PASS old container exists and runs: oms_428 exited: stopped by this upgrade \(resumed\)/,
		);
		for (const index of [0, 1, 2]) {
			const names = (await lab.docker(index).listContainers({all: true})).map(container => container.Names[0]);
			expect(names.sort()).toEqual(['/oms_428', '/oms_428_429']);
		}
		const state = await journal();
		expect(Object.keys(state.steps.init!.nodes)).toEqual(['127.0.0.2', '127.0.0.4']);
		expect(Object.values(state.steps).map(step => step.status)).toEqual(Array(10).fill('succeeded'));
		expect(await lab.sql('SELECT version FROM oms_rm.oms_version ORDER BY version')).toEqual([
			{version: '4.2.8-CE'},
			{version: '4.2.9-CE'},
		]);
		const {attempt} = state;
		expect(await readdir(join(workdir, 'backups'))).toEqual([attempt]);
		expect((await readdir(join(workdir, 'backups', attempt))).sort()).toEqual([
			'manifest.json',
			'oms_cm.sql',
			'oms_cm_hb_1.sql',
			'oms_cm_hb_2.sql',
			'oms_rm.sql',
		]);
	});
});

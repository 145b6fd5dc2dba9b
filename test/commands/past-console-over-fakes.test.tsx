import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {attemptFiles} from '../../source/adapters/attempt-files.js';
import {executeWith} from '../../source/app/run.js';
import {pastConsoleStore, readOnlyController} from '../../source/commands/past-console.js';
import {EventBus} from '../../source/domain/events.js';
import type {Journal} from '../../source/domain/journal-types.js';
import {fakeAttempts} from '../helpers/fakes/fake-attempts.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeWiring} from '../helpers/fakes/fake-wiring.js';
import {recordingController, renderPanel} from '../helpers/panel.js';

const workdirs: string[] = [];
afterEach(async () => {
	for (const directory of workdirs.splice(0)) await rm(directory, {recursive: true, force: true});
});

/**
 * An attempt whose first run failed at start-new on one node and whose second run finished the upgrade, over
 * the fake cluster; its journal, report and run logs then written into a temporary workdir as a run leaves them.
 */
async function pastAttempt() {
	const cluster = new FakeCluster({nodes: 2});
	const wiring = {...fakeWiring(cluster), clock: () => new Date('2026-11-25T03:00:00Z')};
	const options = {
		plan: cluster.model.plan,
		command: 'run' as const,
		yes: true,
		bus: new EventBus(),
		confirm: async () => true,
		signal: new AbortController().signal,
	};
	let failures = 1;
	cluster.log.failAt = call =>
		call.port === 'docker' && call.what.includes('createContainer') && failures-- > 0
			? new Error('no space left on device')
			: undefined;
	expect(await executeWith(options, wiring)).toMatchObject({outcome: 'failed'});
	expect(await executeWith(options, wiring)).toMatchObject({outcome: 'succeeded'});
	const journal = structuredClone(cluster.saved.at(-1)!) as Journal;
	const workdir = await mkdtemp(join(tmpdir(), 'oms-past-'));
	workdirs.push(workdir);
	await writeFile(join(workdir, 'journal.json'), JSON.stringify(journal));
	await mkdir(join(workdir, 'reports'));
	await writeFile(
		join(workdir, 'reports', `${journal.attempt}.json`),
		cluster.files.get(`/fake/workdir/reports/${journal.attempt}.json`)!,
	);
	const fakes = fakeAttempts(cluster);
	await mkdir(join(workdir, 'logs', journal.attempt), {recursive: true});
	const logs = await fakes.logs(journal.attempt);
	expect(logs).toHaveLength(2);
	for (const file of logs)
		await writeFile(join(workdir, 'logs', journal.attempt, basename(file)), await fakes.readLog(file));
	return {plan: {...cluster.model.plan, workdir}, journal, workdir};
}

describe('history ATTEMPT --console: a past attempt in the console, read-only, from its workdir files', () => {
	it('shows its checklist with results, each node’s result, its log, its end with the downtime split and forecast', async () => {
		const {plan, journal, workdir} = await pastAttempt();
		const store = await pastConsoleStore(plan, journal, attemptFiles(workdir));
		const controller = recordingController();
		const panel = renderPanel(store, controller, {columns: 120, rows: 40});
		await new Promise(resolve => setTimeout(resolve, 50));
		let frame = panel.frame();
		expect(frame.split('\n')[1]).toMatch(
			new RegExp(`^PAST ATTEMPT ${journal.attempt}, read-only · HA on · downtime \\d+:\\d\\d \\(ended\\)`),
		);
		for (const step of ['preflight', 'stage-image', 'stop-old', 'backup', 'start-new', 'init', 'verify', 'enable-ha'])
			expect(frame).toMatch(new RegExp(`✓ ${step} +done`));
		// Nothing is next: the attempt is over.
		expect(frame).not.toMatch(/^\s*→ /m);
		// Nothing of the nodes is read live: the cards say so rather than show a state of now.
		expect(frame.match(/not read: a past attempt/g)).toHaveLength(2);
		expect(frame).toContain('old oms_428 not read');
		expect(frame).toMatch(/image ✓ · init ✓ +││image ✓ · init peer/);
		// The log pane holds the run logs' lines (the first run's failure among them), per step.
		expect(store.log.size).toBeGreaterThan(20);
		expect(store.getState().findings).toContainEqual(
			expect.objectContaining({
				level: 'error',
				step: 'start-new',
				text: expect.stringContaining('no space left on device'),
			}),
		);
		// Each node's result: start-new selected shows its nodes.
		await panel.press('j'.repeat(6));
		frame = panel.frame();
		expect(frame).toMatch(/▸ ✓ start-new/);
		expect(frame).toMatch(/10\.0\.0\.2 ✓ +10\.0\.0\.3 ✓/);
		// The end-of-run view: the downtime split beside the forecast made before it.
		await panel.press('s');
		frame = panel.frame();
		expect(frame).toContain(`Run ended: succeeded · attempt ${journal.attempt}`);
		expect(frame).toMatch(/Downtime {2}\d+:\d\d {2}\(forecast \S+\)/);
		expect(frame).toMatch(/ start-new +\d+\.\ds {2}forecast \S+ +assumed/);
		expect(frame).toContain('What failed (1)');
		expect(frame).toMatch(/start-new · node 10\.0\.0\.\d: FAILED: .*no space left on device/);
		await panel.press('\u001B');
		await panel.press('d');
		expect(panel.frame()).toContain('Downtime forecast (first docker stop → HA on): ');
		await panel.press('\u001B');
		await new Promise(resolve => setTimeout(resolve, 30));
		panel.unmount();
	});

	it('keys that would act on the cluster say the view is read-only instead, and the footer offers none of them', async () => {
		const {plan, journal, workdir} = await pastAttempt();
		const store = await pastConsoleStore(plan, journal, attemptFiles(workdir));
		const controller = recordingController();
		const panel = renderPanel(store, controller, {columns: 200, rows: 40});
		expect(store.getState().message).toMatch(
			/^attempt \d{8}T\d{6}, read-only: last run \S+-run(-2)?, succeeded; s its end/,
		);
		store.getState().say(null);
		await new Promise(resolve => setTimeout(resolve, 50));
		const footer = panel.frame().split('\n').at(-1) ?? '';
		for (const hint of ['enter next', 'a all', 'R retry', 'X rollback', 'n node']) expect(footer).not.toContain(hint);
		expect(footer).toContain('d downtime');
		for (const key of ['\r', 'a', 'R', 'X', 'n']) {
			store.getState().say(null);
			await panel.press(key);
			expect(store.getState().message, key).toBe(
				`read-only: attempt ${journal.attempt} is a past attempt, shown from its journal and run logs; nothing here acts on the cluster`,
			);
			expect(store.getState().overlay, key).toBeNull();
		}
		expect(panel.frame().split('\n').at(-1)).toContain(`read-only: attempt ${journal.attempt} is a past attempt`);
		// From the end-of-run view too: X and enter say it rather than act.
		await panel.press('s');
		await panel.press('X');
		expect(store.getState().overlay).toBe('summary');
		expect(store.getState().message).toContain('is a past attempt');
		expect(controller.calls).toEqual([]);
		// The read-only controller says it too, should a command reach it.
		const own = readOnlyController(store, journal.attempt);
		store.getState().say(null);
		own.runStep('preflight');
		expect(store.getState().message).toContain('is a past attempt');
		panel.unmount();
	});
});

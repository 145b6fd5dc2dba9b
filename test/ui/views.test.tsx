import {describe, expect, it} from 'vitest';
import type {RunSummary} from '../../source/store/run-summary.js';
import {render} from 'ink-testing-library';
import {dispatch} from '../../source/ui/dispatch.js';
import {interpretKey} from '../../source/ui/key-map.js';
import {LogPane} from '../../source/ui/log-pane.js';
import {hangingWrap, wrapText} from '../../source/ui/wrap.js';
import {panelStore, recordingController, renderPanel, stripAnsi} from '../helpers/panel.js';

const small = {columns: 80, rows: 24};
const tick = () => new Promise(resolve => setTimeout(resolve, 150));
const path = '/srv/oms-upgrade-hz-prod/logs/20261124T160000/20261124T160000-run.log';
const failure =
	'a container named oms_428_429 already exists on 127.0.0.3 (created 2026-11-24T15:58:00Z, state created); remove it (docker rm oms_428_429) or name the new container differently in the plan, then run again';

describe('wrapText', () => {
	it('breaks at spaces, keeps every character, and lets a path too long for any row fill its rows', () => {
		expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
		expect(wrapText('log /a/very/long/path/file.log', 12)).toEqual(['log /a/very/', 'long/path/fi', 'le.log']);
		expect(wrapText('first\n\nthird', 20)).toEqual(['first', '', 'third']);
		expect(hangingWrap('12:00:00 one two three four five', 14, 9)).toEqual([
			'12:00:00 one',
			'         two',
			'         three',
			'         four',
			'         five',
		]);
	});
});

describe('full text in the panel', () => {
	it('wraps a long log line under its time column, whole; w cuts it with … and says how to get it back', async () => {
		const line = {
			at: '2026-11-24T16:00:00.000Z',
			step: null,
			node: '127.0.0.3',
			level: 'error' as const,
			text: failure,
		};
		const pane = stripAnsi(
			render(
				<LogPane
					source="preflight"
					lines={[line]}
					follow
					scroll={0}
					filter=""
					filtering={false}
					focused={false}
					wrap
					width={60}
					height={8}
				/>,
			).lastFrame() ?? '',
		);
		expect(
			pane
				.split('\n')
				.map(row => row.trimEnd())
				.filter(Boolean),
		).toEqual([
			'Log · preflight · following',
			'16:00:00 127.0.0.3 ERROR a container named oms_428_429',
			'         already exists on 127.0.0.3 (created',
			'         2026-11-24T15:58:00Z, state created); remove it',
			'         (docker rm oms_428_429) or name the new container',
			'         differently in the plan, then run again',
		]);
		const store = panelStore();
		store.getState().note(failure, 'error');
		const panel = renderPanel(store, recordingController(), small);
		await tick();
		await panel.press('w');
		expect(panel.frame()).toContain('Log · preflight · following · cut (w wraps)');
		expect(panel.frame()).toMatch(/ERROR a container named[^\n]*…/);
		expect(panel.frame()).not.toContain('then run again');
	});

	it("enter on the log line opens it whole with the run log's path; m opens the footer's message; esc closes", async () => {
		const store = panelStore({logFile: path});
		store.getState().note('an earlier line');
		store.getState().note(failure, 'error');
		store.getState().say(`failed at preflight: ${failure}`);
		const controller = recordingController();
		const panel = renderPanel(store, controller, small);
		await tick();
		await panel.press('\t');
		expect(panel.frame()).toContain('Log ◂ · preflight · following · ');
		await panel.press('\r');
		const opened = panel.frame().replaceAll(/[║\s]+/g, ' ');
		expect(opened).toMatch(/Log line · \d{4}-\d\d-\d\dT[\d:.]+Z · run · error · esc closes/);
		expect(opened).toContain(failure);
		expect(opened).toContain(`The whole run log: ${path}`);
		expect(controller.calls).toEqual([]);
		await panel.press('k');
		await panel.press('\u001B');
		await tick();
		await panel.press('k');
		await panel.press('\r');
		expect(panel.frame()).toContain('an earlier line');
		await panel.press('\u001B');
		await tick();
		expect(panel.frame().split('\n').at(-1)).toMatch(/^failed at preflight: a container named .*… · m message$/);
		await panel.press('m');
		expect(panel.frame().replaceAll(/[║\s]+/g, ' ')).toContain(
			`Last message · esc closes failed at preflight: ${failure}`,
		);
	});

	it('help scrolls when it is longer than the screen, explains every sign and init peer, and names the files', async () => {
		const store = panelStore({logFile: path});
		const panel = renderPanel(store, recordingController(), small);
		await panel.press('?');
		const first = panel.frame();
		expect(first).toMatch(/rows 1–16 of \d+ · j\/k ↑\/↓ scroll · PgUp\/PgDn page · g\/G top\/end/);
		expect(first).toContain('enter      run the next step');
		expect(first.split('\n').at(-1)).toMatch(/^j\/k scroll · g\/G top\/end · esc close · X rollback/);
		await panel.press('j');
		expect(panel.frame()).toMatch(/rows 2–17 of \d+/);
		await panel.press('G');
		const end = panel.frame().replaceAll(/[║\s]+/g, '');
		expect(end).toContain(`runlog${path}`);
		expect(end).toContain('journal/srv/oms-upgrade-hz-prod/journal.json');
		await panel.press('g');
		expect(panel.frame()).toMatch(/rows 1–16 of/);
		const all = [first];
		for (let index = 0; index < 6; index += 1) {
			await panel.press(' ');
			all.push(panel.frame());
		}
		const text = all.join('\n').replaceAll(/[║\s]+/g, ' ');
		for (const sign of [
			'○ pending',
			'✓ done',
			'✗ FAILED',
			'– skipped',
			'! interrupted',
			'⊘ refused',
			'▸',
			'→',
			'◂',
			'heartbeat Ns stale',
			'ONLINE? no container up',
			'◐ ssh: reconnecting',
		])
			expect(text).toContain(sign);
		expect(text).toContain(
			"init peer docker_init.sh runs once per region, on its first node; this node's peer runs it",
		);
	});
});

const summary: RunSummary = {
	command: 'run',
	outcome: 'succeeded',
	detail: 'succeeded: OMS upgraded to 4.2.9-CE (attempt 20261124T160000).',
	attempt: '20261124T160000',
	t1: '2026-11-24T16:01:00.000Z',
	t2: '2026-11-24T16:03:00.000Z',
	t4: null,
	downtimeSec: 120,
	rollbackDowntimeSec: null,
	steps: [
		{
			id: 'disable-ha',
			node: null,
			status: 'succeeded',
			startedAt: '2026-11-24T16:00:50.000Z',
			finishedAt: '2026-11-24T16:00:55.000Z',
		},
		{
			id: 'stop-old',
			node: null,
			status: 'succeeded',
			startedAt: '2026-11-24T16:00:58.000Z',
			finishedAt: '2026-11-24T16:01:10.000Z',
		},
		{
			id: 'stop-old',
			node: '10.0.0.2',
			status: 'succeeded',
			startedAt: '2026-11-24T16:00:58.000Z',
			finishedAt: '2026-11-24T16:01:10.000Z',
		},
		{
			id: 'backup',
			node: null,
			status: 'succeeded',
			startedAt: '2026-11-24T16:01:10.000Z',
			finishedAt: '2026-11-24T16:01:40.000Z',
		},
		{
			id: 'init',
			node: null,
			status: 'succeeded',
			startedAt: '2026-11-24T16:02:00.000Z',
			finishedAt: '2026-11-24T16:02:50.500Z',
		},
	],
	backups: [
		{database: 'oms_rm', path: '/srv/oms-upgrade-hz-prod/backups/20261124T160000/oms_rm.sql', bytes: 5_347_737},
	],
	reportFile: '/srv/oms-upgrade-hz-prod/report.json',
	logFile: path,
	oldContainers: ['oms_428@10.0.0.2', 'oms_428@10.0.0.3'],
};

describe('the end-of-run summary', () => {
	it('opens when a run ends: outcome said once, downtime split over the steps, backups, files, what next', async () => {
		const store = panelStore();
		const panel = renderPanel(store, recordingController(), {columns: 120, rows: 40});
		store.getState().showSummary(summary);
		await tick();
		const lines = panel
			.frame()
			.split('\n')
			.map(line => line.replaceAll(/^║ ?| *║$/g, '').trimEnd());
		expect(lines).toContain('Run ended: succeeded · attempt 20261124T160000 · esc closes, s reopens');
		expect(lines).toContain('✓ succeeded: OMS upgraded to 4.2.9-CE (attempt 20261124T160000).');
		expect(lines).toContain('Downtime  2:00');
		// stop-old counts from T1 only; what no step covers is the time the questions waited.
		expect(lines).toEqual(
			expect.arrayContaining([
				'  stop-old           10.0s',
				'  backup             30.0s',
				'  init               50.5s',
				'  between steps      29.5s  (no step running: questions, waits)',
			]),
		);
		expect(lines.join('\n')).not.toContain('disable-ha');
		expect(lines).toContain('  oms_rm            5.1 MiB  /srv/oms-upgrade-hz-prod/backups/20261124T160000/oms_rm.sql');
		expect(lines).toContain('  report  /srv/oms-upgrade-hz-prod/report.json');
		expect(lines).toContain(`  log     ${path}`);
		expect(lines.join(' ')).toMatch(/The old containers \(oms_428@10\.0\.0\.2, oms_428@10\.0\.0\.3\) stay stopped/);
		expect(lines.join(' ')).toMatch(
			/confirm that ha\.config \(System Management > System Parameters\) shows HA enabled/,
		);
		await panel.press('\u001B');
		expect(panel.frame()).toContain('Upgrade steps');
		await tick();
		await panel.press('s');
		expect(panel.frame()).toContain('Run ended: succeeded');
		expect(panel.frame().split('\n').at(-1)).toMatch(/esc close · q quit/);
		// q on the summary leaves the tool (after asking, were a step running); elsewhere it closes the view.
		const exits: string[] = [];
		dispatch(interpretKey(store.getState(), {kind: 'char', char: 'q'}), store, recordingController(), () =>
			exits.push('exit'),
		);
		expect(exits).toEqual(['exit']);
		store.getState().open('help');
		expect(interpretKey(store.getState(), {kind: 'char', char: 'q'})).toEqual({type: 'close'});
	});
});

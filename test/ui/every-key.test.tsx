import {describe, expect, it} from 'vitest';
import type {PanelState} from '../../source/store/panel-state.js';
import type {RunSummary} from '../../source/store/run-summary.js';
import {consoleAdvice} from '../../source/store/console-advice.js';
import {dispatch} from '../../source/ui/dispatch.js';
import type {KeyPress} from '../../source/ui/key-filter.js';
import {bindingsFor, hintsFor, interpretKey} from '../../source/ui/key-map.js';
import {summaryLines} from '../../source/ui/overlays/summary.js';
import {panelStore, recordingController, renderPanel, stepViews} from '../helpers/panel.js';

const pressOf = (name: string): KeyPress => {
	const kinds: Record<string, KeyPress> = {
		enter: {kind: 'enter'},
		esc: {kind: 'escape'},
		tab: {kind: 'tab'},
		up: {kind: 'up'},
		down: {kind: 'down'},
		pgup: {kind: 'page-up'},
		pgdn: {kind: 'page-down'},
		'ctrl-c': {kind: 'ctrl-c'},
		backspace: {kind: 'backspace'},
	};
	return kinds[name] ?? {kind: 'char', char: name};
};

const summary = (outcome: string): RunSummary => ({
	command: 'run',
	outcome,
	detail: `${outcome} at preflight: 1 check failed`,
	attempt: '20261124T160000',
	t1: null,
	t2: null,
	t4: null,
	downtimeSec: 0,
	rollbackDowntimeSec: null,
	steps: [],
	backups: [],
	reportFile: '/srv/w/report.json',
	logFile: '/srv/w/logs/a/r.log',
	oldContainers: ['oms_428@10.0.0.2'],
});

/** Every view the panel can show, in a state where its keys have something to act on. */
const views: Array<[string, Partial<PanelState>]> = [
	['the checklist', {}],
	['the log focused', {focus: 'log'}],
	['filtering the log', {filtering: true}],
	...(['binds', 'ha', 'help', 'node', 'detail', 'forecast'] as const).map((overlay): [string, Partial<PanelState>] => [
		`the ${overlay} view`,
		{overlay, detail: {title: 'Last message', text: 'x'}},
	]),
	...['failed', 'interrupted', 'succeeded', 'paused', 'rolled-back'].map((outcome): [string, Partial<PanelState>] => [
		`the end-of-run view after ${outcome}`,
		{
			overlay: 'summary',
			summary: summary(outcome),
			steps: stepViews('upgrade', {preflight: outcome === 'failed' ? 'failed' : 'succeeded'}),
		},
	]),
	['a question', {overlay: 'confirm', confirmation: {question: 'Stop OMS?'}}],
	[
		'the stop-old question with the forecast',
		{
			overlay: 'confirm',
			confirmation: {
				question: 'stop-old: OMS goes down (downtime starts).',
				forecast: {lowSec: 1, highSec: 30, dumpBytes: null, heartbeatRows: null, steps: []},
			},
		},
	],
	['the resume question', {overlay: 'resume', confirmation: {question: 'Continue from preflight?'}}],
	['the quit question', {overlay: 'quit', confirmation: {question: 'Quit?'}}],
	['the rollback word', {overlay: 'rollback', typed: 'rollback'}],
	['a past attempt, read-only', {past: '20261124T160000'}],
	['a past attempt’s end-of-run view', {past: '20261124T160000', overlay: 'summary', summary: summary('failed')}],
];

/** What a key did: the panel's state, the controller's calls, an exit. */
function effectOf(change: Partial<PanelState>, key: string): {changed: boolean; calls: string[]; exited: boolean} {
	const store = panelStore({
		lastMessage: 'failed at preflight',
		logFile: '/srv/w/logs/a/r.log',
		overlayScroll: 5,
		...change,
	});
	store.getState().note('a line of the run', 'info');
	const controller = recordingController();
	let exited = false;
	const before = JSON.stringify(store.getState());
	dispatch(interpretKey(store.getState(), pressOf(key)), store, controller, () => (exited = true), {scrollMax: 40});
	return {changed: JSON.stringify(store.getState()) !== before, calls: controller.calls, exited};
}

describe('every key a view names works there', () => {
	for (const [name, change] of views) {
		it(`${name}: each key in its footer acts`, () => {
			const state = {...panelStore(change).getState()};
			const named = bindingsFor(state).filter(binding => binding.hint);
			expect(named.length).toBeGreaterThan(0);
			for (const binding of named) {
				for (const key of binding.keys) {
					expect(interpretKey(state, pressOf(key)), `${name}: ${key}`).toEqual(binding.command);
					const effect = effectOf(change, key);
					expect(
						effect.changed || effect.calls.length > 0 || effect.exited,
						`${name}: ${key} (${binding.hint}) did nothing`,
					).toBe(true);
					// A key never answers "nothing to do" in a view that offers it.
					expect(JSON.stringify(effect)).not.toMatch(/no message to show|nothing to run/);
				}
			}
		});
	}

	it('the footer drawn is the table of the view shown', async () => {
		for (const [name, change] of views.filter(
			([, view]) =>
				view.overlay === 'summary' ||
				view.overlay === 'help' ||
				view.overlay === 'forecast' ||
				view.overlay === undefined,
		)) {
			const store = panelStore(change);
			const panel = renderPanel(store, recordingController(), {columns: 200, rows: 40});
			await new Promise(resolve => setTimeout(resolve, 30));
			expect(panel.frame().split('\n').at(-1)?.trim(), name).toBe(hintsFor(store.getState()));
			panel.unmount();
		}
	});

	it('every key the end-of-run view names in its words is bound there and acts', () => {
		for (const outcome of ['failed', 'interrupted', 'succeeded', 'rolled-back', 'paused']) {
			const text = summaryLines(summary(outcome))
				.map(line => line.text)
				.join('\n');
			const named = [
				...text.matchAll(
					/(?:^|[\s;(,])([A-Za-z]|enter|esc|tab) (?:retries|rolls|continues|runs|closes|reopens|opens|shows)\b/g,
				),
			].map(match => match[1]!);
			const change: Partial<PanelState> = {
				overlay: 'summary',
				summary: summary(outcome),
				steps: stepViews('upgrade', {preflight: 'failed'}),
			};
			const state = panelStore(change).getState();
			for (const key of named) {
				expect(interpretKey(state, pressOf(key)).type, `${outcome}: ${key}`).not.toBe('none');
			}
		}
	});

	it("every key the engine's advice names in the end-of-run view is bound there (paused, refused)", () => {
		const details: Array<[string, string]> = [
			[
				'paused',
				'paused at disable-ha: the selected steps are done; the upgrade is not finished (run again, or --from disable-ha).',
			],
			[
				'refused',
				'refused at rb-start-old: rb-restore has not been done in this rollback of attempt 20261124T160000: run `oms-upgrade rollback` (or `--from rb-restore`), which does it first.',
			],
			[
				'refused',
				'refused at start-new: backup has not been done in this attempt (20261124T160000): run `oms-upgrade run` (or `--from backup`), which does it first.',
			],
		];
		for (const [outcome, message] of details) {
			const said = {...summary(outcome), detail: consoleAdvice(message)};
			const text = summaryLines(said)
				.map(line => line.text)
				.join('\n');
			const named = [...text.matchAll(/(?:^|[\s;(,])([A-Za-z]|enter) (?:runs|rolls|continues|retries)\b/g)].map(
				match => match[1]!,
			);
			expect(named.length, text).toBeGreaterThan(0);
			const state = panelStore({overlay: 'summary', summary: said, steps: stepViews('upgrade', {})}).getState();
			for (const key of named)
				expect(interpretKey(state, pressOf(key)).type, `${outcome}: ${key} in ${text}`).not.toBe('none');
		}
	});

	it('X rolls back from the end-of-run view of a success, and R retries from that of a failure', () => {
		const succeeded = panelStore({
			overlay: 'summary',
			summary: summary('succeeded'),
			steps: stepViews('upgrade', {preflight: 'succeeded'}),
		});
		dispatch(interpretKey(succeeded.getState(), pressOf('X')), succeeded, recordingController(), () => undefined);
		expect(succeeded.getState().overlay).toBe('rollback');
		const failed = panelStore({
			overlay: 'summary',
			summary: summary('failed'),
			steps: stepViews('upgrade', {preflight: 'failed'}),
		});
		const controller = recordingController();
		dispatch(interpretKey(failed.getState(), pressOf('R')), failed, controller, () => undefined);
		expect(controller.calls).toEqual(['runStep preflight']);
		expect(failed.getState().overlay).toBeNull();
	});

	it('m opens the last message whole after the footer moved on', () => {
		const store = panelStore();
		store.getState().say('failed at preflight: 1 check failed');
		store.getState().say(null);
		dispatch(interpretKey(store.getState(), pressOf('m')), store, recordingController(), () => undefined);
		expect(store.getState().overlay).toBe('detail');
		expect(store.getState().detail?.text).toContain('failed at preflight: 1 check failed');
	});

	it('g and G go to the top and the end of the log pane', () => {
		const store = panelStore({focus: 'log'});
		for (let index = 0; index < 30; index += 1) store.getState().note(`line ${index}`);
		dispatch(interpretKey(store.getState(), pressOf('g')), store, recordingController(), () => undefined);
		expect(store.getState()).toMatchObject({follow: false, scroll: 29});
		dispatch(interpretKey(store.getState(), pressOf('G')), store, recordingController(), () => undefined);
		expect(store.getState()).toMatchObject({follow: true, scroll: 0});
	});
});

import {afterEach, describe, expect, it, vi} from 'vitest';
import {waitFor} from '../../source/domain/wait.js';
import {resumeQuestion} from '../../source/store/initial-state.js';
import {LogBuffer} from '../../source/store/log-buffer.js';
import {tickMs} from '../../source/store/panel-store.js';
import {nextStepIndex} from '../../source/store/step-reducer.js';
import {panelStore, stepViews} from '../helpers/panel.js';

const at = '2026-11-24T16:00:00.000Z';

describe('the panel store', () => {
	it('follows step events: states, node sub-states, the image and init columns, the running step', () => {
		const store = panelStore();
		const {applyEvent} = store.getState();
		applyEvent({type: 'step-started', at, step: 'stage-image', node: null});
		applyEvent({type: 'step-started', at, step: 'stage-image', node: '10.0.0.2'});
		applyEvent({
			type: 'progress',
			at,
			step: 'stage-image',
			node: '10.0.0.2',
			done: 5,
			total: 10,
			unit: 'bytes',
			rate: null,
			etaSec: null,
		});
		applyEvent({
			type: 'step-finished',
			at,
			step: 'stage-image',
			node: '10.0.0.2',
			status: 'succeeded',
			reason: 'loaded',
		});
		const state = store.getState();
		const stage = state.steps.find(step => step.id === 'stage-image')!;
		expect(stage).toMatchObject({
			status: 'running',
			nodes: {'10.0.0.2': 'succeeded'},
			progress: {done: 5, total: 10},
			startedAt: at,
		});
		expect(state.running).toBe('stage-image');
		expect(state.selected).toBe(1);
		expect(state.nodes.map(node => node.imageStaged)).toEqual([true, false]);
		applyEvent({type: 'step-finished', at, step: 'init', node: '10.0.0.2', status: 'failed', reason: 'exit 1'});
		expect(store.getState().nodes[0]!.init).toBe('failed');
		applyEvent({type: 'times', at, t1: at, t2: null, t3: null, t4: null});
		expect(store.getState().t1).toBe(at);
	});

	it('switches to the rollback list when a rollback runs', () => {
		const store = panelStore();
		store.getState().applyEvent({
			type: 'run-started',
			at,
			runId: 'r',
			attempt: 'a',
			command: 'rollback',
			steps: ['rb-disable-ha'],
			logFile: '/w/logs/a/r.log',
		});
		store.getState().applyEvent({type: 'step-started', at, step: 'rb-disable-ha', node: null});
		expect(store.getState().mode).toBe('rollback');
		expect(store.getState().rollback[0]!.status).toBe('running');
	});

	it('keeps log lines outside React and publishes their revision at most every 100 ms', async () => {
		const store = panelStore();
		let publications = 0;
		store.subscribe(
			state => state.logRevision,
			() => (publications += 1),
		);
		for (let index = 0; index < 1000; index += 1)
			store.getState().applyEvent({type: 'log', at, step: 'backup', node: null, level: 'info', text: `line ${index}`});
		expect(publications).toBe(0);
		await waitFor(() => store.getState().logRevision === 1000, {timeoutMs: 1000, intervalMs: 10});
		expect(publications).toBe(1);
		expect(store.log.select(line => line.step === 'backup')).toHaveLength(1000);
	});

	it('bounds the log: the oldest lines go first', () => {
		const buffer = new LogBuffer(3);
		for (const text of ['a', 'b', 'c', 'd', 'e']) buffer.push({at, step: null, node: null, level: 'info', text});
		expect(buffer.select(() => true).map(line => line.text)).toEqual(['c', 'd', 'e']);
		expect([buffer.size, buffer.appended]).toEqual([3, 5]);
	});

	it('knows the next step', () => {
		const {steps} = panelStore().getState();
		expect(nextStepIndex(steps)).toBe(0);
		expect(nextStepIndex(steps.map(step => ({...step, status: 'succeeded' as const})))).toBe(-1);
	});
});

describe('the store tick', () => {
	afterEach(() => {
		vi.useRealTimers();
	});
	const line = (index: number) =>
		({type: 'log', at, step: 'backup', node: null, level: 'info', text: `line ${index}`}) as const;

	it('publishes a flood of log lines once a tick, and stops ticking when nothing is new and nothing runs', () => {
		vi.useFakeTimers();
		const store = panelStore();
		let updates = 0;
		store.subscribe(() => (updates += 1));
		for (let index = 0; index < 5000; index += 1) store.getState().applyEvent(line(index));
		expect(updates).toBe(0);
		vi.advanceTimersByTime(tickMs);
		expect([updates, store.getState().logRevision]).toEqual([1, 5000]);
		for (let index = 5000; index < 5300; index += 1) store.getState().applyEvent(line(index));
		vi.advanceTimersByTime(tickMs - 1);
		expect(updates).toBe(1);
		vi.advanceTimersByTime(1);
		expect([updates, store.getState().logRevision]).toEqual([2, 5300]);
		// No step runs and no line came: the tick publishes nothing more, and its timer is gone.
		vi.advanceTimersByTime(10 * tickMs);
		expect(updates).toBe(2);
		expect(vi.getTimerCount()).toBe(0);
		expect(store.getState().pulse).toBe(0);
	});

	it('advances the pulse every tick while a step runs, in the same update as the log revision', () => {
		vi.useFakeTimers();
		const store = panelStore();
		store.getState().applyEvent({type: 'step-started', at, step: 'backup', node: null});
		const published: Array<{pulse: number; logRevision: number}> = [];
		store.subscribe(state => published.push({pulse: state.pulse, logRevision: state.logRevision}));
		vi.advanceTimersByTime(3 * tickMs);
		expect(published).toEqual([
			{pulse: 1, logRevision: 0},
			{pulse: 2, logRevision: 0},
			{pulse: 3, logRevision: 0},
		]);
		for (let index = 0; index < 1000; index += 1) store.getState().applyEvent(line(index));
		vi.advanceTimersByTime(tickMs);
		expect(published.at(-1)).toEqual({pulse: 4, logRevision: 1000});
		expect(published).toHaveLength(4);
		// The step ends: the sign stops where it was and the tick stops.
		store
			.getState()
			.applyEvent({type: 'step-finished', at, step: 'backup', node: null, status: 'succeeded', reason: 'ok'});
		vi.advanceTimersByTime(10 * tickMs);
		expect(store.getState().pulse).toBe(4);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('turns the sign of a step already running when the store is made (a console opened during a run)', () => {
		vi.useFakeTimers();
		const store = panelStore({
			steps: stepViews('upgrade', {backup: 'running'}),
		});
		vi.advanceTimersByTime(2 * tickMs);
		expect(store.getState().pulse).toBe(2);
	});
});

describe('resuming from a journal', () => {
	const journal = (statuses: Record<string, string>) =>
		({
			from: '4.2.8-CE',
			t1: at,
			t2: null,
			haFound: null,
			runs: [{id: '20261124T160000-run', command: 'run', startedAt: at, finishedAt: at, outcome: 'interrupted'}],
			steps: Object.fromEntries(
				Object.entries(statuses).map(([id, status]) => [
					id,
					{
						status,
						startedAt: at,
						finishedAt: at,
						reason: status === 'interrupted' ? 'interrupted by SIGHUP' : 'ok',
						nodes: {},
					},
				]),
			),
			nodes: {},
		}) as never;

	it('asks to continue where an unfinished upgrade stopped', async () => {
		const {upgradeSteps} = await import('../../source/steps/index.js');
		expect(
			resumeQuestion(
				journal({preflight: 'succeeded', 'stage-image': 'succeeded', 'disable-ha': 'interrupted'}),
				upgradeSteps,
			),
		).toBe(
			'An upgrade of this plan stopped at disable-ha (interrupted: interrupted by SIGHUP); last run 20261124T160000-run, interrupted. Continue from disable-ha?',
		);
		const done = Object.fromEntries(upgradeSteps.map(step => [step.id, 'succeeded']));
		expect(resumeQuestion(journal(done), upgradeSteps)).toBeUndefined();
		expect(resumeQuestion(undefined, upgradeSteps)).toBeUndefined();
	});
});

describe('the panel store after an interrupt', () => {
	it('node card and step list both say interrupted where the cut-short call failed only because of it', () => {
		const store = panelStore();
		const {applyEvent} = store.getState();
		applyEvent({
			type: 'run-started',
			at,
			runId: 'r1',
			attempt: 'a1',
			command: 'run',
			steps: ['init'],
			logFile: '/w/logs/a1/r1.log',
		});
		expect(store.getState().logFile).toBe('/w/logs/a1/r1.log');
		applyEvent({type: 'step-started', at, step: 'init', node: null});
		applyEvent({type: 'step-started', at, step: 'init', node: '10.0.0.2'});
		applyEvent({type: 'step-finished', at, step: 'init', node: '10.0.0.2', status: 'failed', reason: 'aborted'});
		expect(store.getState().nodes[0]!.init).toBe('failed');
		applyEvent({type: 'step-finished', at, step: 'init', node: null, status: 'interrupted', reason: 'SIGINT'});
		const state = store.getState();
		expect(state.steps.find(step => step.id === 'init')).toMatchObject({
			status: 'interrupted',
			nodes: {'10.0.0.2': 'interrupted'},
		});
		expect(state.nodes[0]!.init).toBe('interrupted');
	});

	it('a real failure stays a failure', () => {
		const store = panelStore();
		const {applyEvent} = store.getState();
		applyEvent({type: 'step-finished', at, step: 'init', node: '10.0.0.2', status: 'failed', reason: 'exit 1'});
		applyEvent({type: 'step-finished', at, step: 'init', node: null, status: 'failed', reason: 'exit 1'});
		expect(store.getState().nodes[0]!.init).toBe('failed');
		expect(store.getState().steps.find(step => step.id === 'init')!.nodes).toEqual({'10.0.0.2': 'failed'});
	});
});

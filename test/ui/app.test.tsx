import {renderToString} from 'ink';
import {describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {dispatch} from '../../source/ui/dispatch.js';
import {interpretKey} from '../../source/ui/key-map.js';
import {panelStore, recordingController, renderPanel, stepViews, stripAnsi} from '../helpers/panel.js';

describe('the panel layout', () => {
	for (const [columns, rows] of [
		[80, 24],
		[120, 40],
		[100, 30],
	] as const) {
		it(`fills ${columns}×${rows} with rows−1 lines, none wider than the terminal`, () => {
			const store = panelStore();
			store.setState({now: Date.parse('2026-11-24T16:05:00Z')});
			const lines = stripAnsi(
				renderToString(<App store={store} controller={recordingController()} size={{columns, rows}} />, {columns}),
			).split('\n');
			expect(lines).toHaveLength(rows - 1);
			expect(Math.max(...lines.map(line => [...line].length))).toBeLessThanOrEqual(columns);
			const title = 'oms-upgrade · hz-prod · 4.2.8-CE → 4.2.9-CE · MetaDB oms_meta_user@10.0.0.10:2883';
			expect(lines[0]?.trimEnd()).toBe(title.length <= columns ? title : `${title.slice(0, columns - 1)}…`);
			expect(lines.at(-1)).toMatch(/^enter next · a all · R retry · X rollback · n node · \? help · q quit/);
			expect(lines.join('\n')).toContain('▸→○ preflight       pending');
		});
	}

	it('says the terminal is too small below 80×24', () => {
		const text = stripAnsi(
			renderToString(<App store={panelStore()} controller={recordingController()} size={{columns: 79, rows: 24}} />, {
				columns: 79,
			}),
		);
		expect(text).toBe('Terminal too small\n79×24; the panel needs at least 80×24.\nEnlarge the window, or press q.');
	});

	it('shows two node cards side by side with their live state', () => {
		const {frame} = renderPanel(panelStore(), recordingController());
		expect(frame()).toContain(
			'│10.0.0.2 · hangzhou                             ││10.0.0.3 · hangzhou                             │',
		);
		expect(frame()).toContain(
			'│image ○ · init ○                                ││image ○ · init peer                             │',
		);
		expect(frame()).toContain(
			'│ONLINE · heartbeat 2s                           ││ONLINE · heartbeat 2s                           │',
		);
	});
});

describe('keys drive the controller', () => {
	it('enter runs the next step, a runs from it to the end', async () => {
		const store = panelStore({steps: stepViews('upgrade', {preflight: 'succeeded', 'stage-image': 'succeeded'})});
		const controller = recordingController();
		const panel = renderPanel(store, controller);
		await panel.press('\r');
		await panel.press('a');
		expect(controller.calls).toEqual(['runStep disable-ha', 'runFrom disable-ha']);
	});

	it('R retries only a failed or interrupted step', async () => {
		const store = panelStore({steps: stepViews('upgrade', {preflight: 'succeeded', 'stage-image': 'failed'})});
		const controller = recordingController();
		const panel = renderPanel(store, controller);
		await panel.press('R');
		expect(controller.calls).toEqual(['runStep stage-image']);
		store.setState({steps: stepViews('upgrade', {preflight: 'succeeded'})});
		await panel.press('R');
		expect(controller.calls).toEqual(['runStep stage-image']);
		expect(panel.frame()).toContain('no failed step to retry');
	});

	it('X with no attempt open, or while another run holds the plan, says so without the typed question', async () => {
		const controller = recordingController();
		const panel = renderPanel(panelStore(), controller);
		await panel.press('X');
		expect(panel.frame()).not.toContain('Type rollback');
		expect(panel.frame()).toContain('nothing to roll back: no attempt of');
		expect(controller.calls).toEqual([]);
		// Another process's run holds the plan: the console is read-only, said at once rather than after the word.
		const heldController = recordingController();
		const held = renderPanel(
			panelStore({heldBy: 'ops@jump (pid 7)', steps: stepViews('upgrade', {preflight: 'succeeded'})}),
			heldController,
		);
		await held.press('X');
		expect(held.frame()).not.toContain('Type rollback');
		expect(held.frame()).toContain('read-only: the run of ops@jump (pid 7) holds this plan');
		expect(heldController.calls).toEqual([]);
		// A rollback of this console's attempt under way, or one step done: the question opens.
		for (const state of [{running: 'rb-stop-new'}, {rollback: stepViews('rollback', {'rb-disable-ha': 'succeeded'})}]) {
			const open = renderPanel(panelStore(state), recordingController());
			await open.press('X');
			expect(open.frame()).toContain('Type rollback and press enter to confirm');
		}
	});

	it('X asks to type rollback; only the exact word and enter start it, esc cancels', async () => {
		const controller = recordingController();
		const panel = renderPanel(panelStore({steps: stepViews('upgrade', {preflight: 'succeeded'})}), controller);
		await panel.press('X');
		expect(panel.frame()).toContain('Type rollback and press enter to confirm · esc cancels');
		await panel.press('rollbac');
		await panel.press('\r');
		expect(controller.calls).toEqual([]);
		expect(panel.frame()).toContain('type the word rollback to confirm (typed: "rollbac"); esc cancels');
		await panel.press('k');
		expect(panel.frame()).toContain('> rollback▏');
		await panel.press('\r');
		expect(controller.calls).toEqual(['rollback']);

		await panel.press('X');
		await panel.press('rollback');
		await panel.press('\u001B');
		expect(panel.frame()).toContain('Upgrade steps');
		expect(controller.calls).toEqual(['rollback']);
		// Ctrl-C cancels the typed confirmation, as esc does.
		await panel.press('X');
		await panel.press('rollback');
		await panel.press('\u0003');
		expect(panel.frame()).not.toContain('Type rollback and press enter');
		expect(controller.calls).toEqual(['rollback']);
	});

	it('a question defaults to No: y confirms, n and esc cancel, other keys do nothing', async () => {
		const store = panelStore();
		const controller = recordingController(true);
		const panel = renderPanel(store, controller);
		const ask = async () => {
			store
				.getState()
				.ask('stop-old: docker stop oms_428@10.0.0.2, oms_428@10.0.0.3: OMS goes down (downtime starts).');
			await new Promise(resolve => setTimeout(resolve, 20));
		};
		await ask();
		expect(panel.frame()).toContain('stop-old: docker stop oms_428@10.0.0.2, oms_428@10.0.0.3');
		expect(panel.frame()).toContain('y confirm · n or esc cancel (default: No)');
		await panel.press('\r');
		await panel.press('x');
		expect(controller.calls).toEqual([]);
		await panel.press('y');
		await ask();
		await panel.press('n');
		await ask();
		await panel.press('\u001B');
		expect(controller.calls).toEqual(['answer true', 'answer false', 'answer false']);
		expect(store.getState().overlay).toBe(null);
	});

	it('q quits at once when idle, and asks first while a step runs', async () => {
		const exits: string[] = [];
		const idleStore = panelStore();
		dispatch(interpretKey(idleStore.getState(), {kind: 'char', char: 'q'}), idleStore, recordingController(), () =>
			exits.push('exit'),
		);
		dispatch(interpretKey(idleStore.getState(), {kind: 'ctrl-c'}), idleStore, recordingController(), () =>
			exits.push('exit'),
		);
		expect(exits).toEqual(['exit', 'exit']);

		const store = panelStore({running: 'backup'});
		const busy = recordingController(true);
		const panel = renderPanel(store, busy);
		await panel.press('\u0003');
		expect(panel.frame()).toContain(
			'A step is running (backup); no other step begins while this question is open. Quit?',
		);
		await panel.press('n');
		expect(busy.calls).toEqual([]);
		await panel.press('q');
		await panel.press('y');
		expect(busy.calls).toEqual(['interrupt']);
		// A second Ctrl-C at the question quits too.
		const again = recordingController(true);
		const second = renderPanel(panelStore({running: 'backup'}), again);
		await second.press('\u0003');
		expect(second.frame()).toContain('A step is running (backup); no other step begins');
		await second.press('\u0003');
		expect(again.calls).toEqual(['interrupt']);
	});

	it('a quit question asked while a step ran stays open when the run ends, saying so, and y then quits; a rollback names rollback', async () => {
		const store = panelStore({running: 'rb-verify', mode: 'rollback'});
		const controller = recordingController(true);
		let exits = 0;
		const panel = renderPanel(store, controller);
		await panel.press('q');
		expect(panel.frame().replaceAll(/[║\s]+/g, ' ')).toContain(
			'`oms-upgrade rollback` or the console resumes from there',
		);
		store.getState().applyEvent({
			type: 'run-finished',
			at: '2026-11-24T16:10:00.000Z',
			outcome: 'rolled-back',
			exitCode: 0,
			message: 'rolled back attempt a1.',
		});
		await new Promise(resolve => setTimeout(resolve, 150));
		expect(store.getState().overlay).toBe('quit');
		expect(panel.frame().replaceAll(/[║\s]+/g, ' ')).toContain(
			'The run ended meanwhile: rolled back attempt a1. Quit the console?',
		);
		dispatch(
			interpretKey(store.getState(), {kind: 'char', char: 'y'}),
			store,
			{...controller, busy: false},
			() => (exits += 1),
		);
		await new Promise(resolve => setTimeout(resolve, 20));
		expect(exits).toBe(1);
	});

	it('b, h and ? open their overlays; esc closes without starting anything', async () => {
		const controller = recordingController();
		const panel = renderPanel(panelStore(), controller);
		await panel.press('b');
		expect(panel.frame()).toContain('Mount binds: old container → new container');
		expect(panel.frame()).toContain('/home/admin/conf/config.yaml: /data/10.0.0.2/config.yaml');
		await panel.press('b');
		await panel.press('h');
		expect(panel.frame()).toContain('What HA does after the upgrade');
		await panel.press('h');
		await panel.press('?');
		expect(panel.frame()).toContain('X          roll back (type rollback and press enter)');
		await panel.press('\u001B');
		expect(panel.frame()).toContain('Upgrade steps');
		expect(controller.calls).toEqual([]);
	});

	it('j/k and arrows move the selection; tab moves focus to the log; f and / work the log', async () => {
		const store = panelStore();
		const panel = renderPanel(store, recordingController());
		await panel.press('j');
		await panel.press('\u001B[B');
		expect(store.getState().selected).toBe(2);
		await panel.press('k');
		expect(store.getState().selected).toBe(1);
		await panel.press('\t');
		expect(store.getState().focus).toBe('log');
		await panel.press('k');
		expect(store.getState().follow).toBe(false);
		await panel.press('f');
		expect(store.getState().follow).toBe(true);
		await panel.press('/');
		await panel.press('mysqldump');
		await panel.press('\r');
		expect(store.getState()).toMatchObject({filter: 'mysqldump', filtering: false});
	});

	it('an escape sequence split by a slow link triggers nothing; a key typed right after esc does', async () => {
		vi.useFakeTimers({toFake: ['Date']});
		try {
			const store = panelStore({steps: stepViews('upgrade', {preflight: 'failed'})});
			const controller = recordingController();
			const panel = renderPanel(store, controller);
			await panel.press('\u001B');
			await panel.press('[1;5R');
			await panel.press('\u001B');
			await panel.press('[1;');
			await panel.press('5R');
			expect(controller.calls).toEqual([]);
			await panel.press('\u001B');
			await panel.press('R');
			expect(controller.calls).toEqual(['runStep preflight']);
		} finally {
			vi.useRealTimers();
		}
	});

	it('offers to continue an unfinished upgrade when opened on its journal', async () => {
		const store = panelStore({
			steps: stepViews('upgrade', {preflight: 'succeeded', 'stage-image': 'succeeded', 'disable-ha': 'interrupted'}),
		});
		store.getState().ask('An upgrade of this plan stopped at disable-ha (interrupted). Continue from disable-ha?');
		store.setState({overlay: 'resume'});
		const controller = recordingController();
		const panel = renderPanel(store, controller);
		expect(panel.frame()).toContain(
			'An upgrade of this plan stopped at disable-ha (interrupted). Continue from disable-ha?',
		);
		await panel.press('y');
		expect(controller.calls).toEqual(['runFrom disable-ha']);
	});

	describe('the downtime clock', () => {
		it('stops when a rollback has every node Online again (T4), not only at T2', () => {
			const store = panelStore({t1: '2026-11-24T16:00:00Z', t4: '2026-11-24T16:03:30Z'});
			const {frame, unmount} = renderPanel(store, recordingController());
			expect(frame()).toContain('downtime 3:30 (ended)');
			unmount();
		});
	});
});

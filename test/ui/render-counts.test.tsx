import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {panelStore, recordingController, renderPanel, stepViews} from '../helpers/panel.js';

// What a tick of the store renders: the header and the node grid are memoised, so log lines and the running
// sign's pulse draw the log pane and the step list again, not them. Counted through what each one calls when it
// renders: the header formats its clocks (glyphs.clock), the grid draws a NodeCard per node.
const counts = vi.hoisted(() => ({clock: 0, card: 0, log: 0}));

vi.mock('../../source/ui/glyphs.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../source/ui/glyphs.js')>();
	return {
		...original,
		clock: (seconds: number) => {
			counts.clock += 1;
			return original.clock(seconds);
		},
	};
});

vi.mock('../../source/ui/log-select.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../source/ui/log-select.js')>();
	return {
		...original,
		shownLog: (...args: Parameters<typeof original.shownLog>) => {
			counts.log += 1;
			return original.shownLog(...args);
		},
	};
});

vi.mock('../../source/ui/node-card.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../source/ui/node-card.js')>();
	return {
		...original,
		NodeCard: (props: Parameters<typeof original.NodeCard>[0]) => {
			counts.card += 1;
			return original.NodeCard(props);
		},
	};
});

const at = '2026-11-24T16:00:00.000Z';

beforeEach(() => {
	vi.useFakeTimers();
	counts.clock = 0;
	counts.card = 0;
	counts.log = 0;
});
afterEach(() => {
	vi.useRealTimers();
});

describe('what the store tick renders', () => {
	it('log lines and the running sign redraw the log and the steps, not the header or the node grid', async () => {
		// The backup runs (the sign turns) with no start time, so the step list formats no clock of its own.
		const steps = stepViews('upgrade').map(step =>
			step.id === 'backup' ? {...step, status: 'running' as const} : step,
		);
		const store = panelStore({steps, running: 'backup', selected: steps.findIndex(step => step.id === 'backup')});
		const panel = renderPanel(store, recordingController(true), {columns: 120, rows: 40});
		await vi.advanceTimersByTimeAsync(0);
		const first = {...counts};
		expect(first.clock).toBeGreaterThan(0);
		expect(first.card).toBeGreaterThan(0);
		// Ticks that only turn the sign render the step list alone: the screen does not select the log again.
		const row = () =>
			panel
				.frame()
				.split('\n')
				.find(line => /backup +running/.test(line))!;
		const before = row();
		await vi.advanceTimersByTimeAsync(300);
		expect(store.getState().pulse).toBe(3);
		expect(row()).not.toBe(before);
		expect(counts).toEqual(first);
		for (let index = 0; index < 2000; index += 1)
			store.getState().applyEvent({type: 'log', at, step: 'backup', node: null, level: 'info', text: `line ${index}`});
		// React commits an outside update in a microtask: the async advance lets each tick's frame be drawn.
		await vi.advanceTimersByTimeAsync(500);
		expect(store.getState().pulse).toBe(8);
		expect(panel.frame()).toContain('line 1999');
		// The lines came before one tick: one render of the screen, none of the header or the grid.
		expect(counts).toEqual({...first, log: first.log + 1});
		// A new second (the console's clock) does draw the header again.
		store.getState().tick(Date.parse('2026-11-24T16:05:01Z'));
		await vi.advanceTimersByTimeAsync(0);
		expect(counts.clock).toBeGreaterThan(first.clock);
		// A node's change draws the grid again.
		store.getState().setNode('10.0.0.2', {heartbeatAgeSec: 9});
		await vi.advanceTimersByTimeAsync(0);
		expect(counts.card).toBeGreaterThan(first.card);
		panel.unmount();
	});
});

import {describe, expect, it} from 'vitest';
import type {ForecastRecord} from '../../source/engine/forecast.js';
import {panelStore, recordingController, renderPanel} from '../helpers/panel.js';

const forecast: ForecastRecord = {
	lowSec: 95,
	highSec: 1001,
	dumpBytes: 4 * 2 ** 20,
	heartbeatRows: 6,
	steps: [
		{step: 'stop-old', lowSec: 1, highSec: 30, basis: 'assumed', why: 'docker stop -t 30'},
		{step: 'clean-heartbeat', lowSec: 2, highSec: 2, basis: 'measured here', why: 'done in this attempt'},
		{step: 'backup', lowSec: 8, highSec: 13, basis: 'earlier attempt', why: 'took 10s in attempt 20261125T030000'},
		{step: 'start-new', lowSec: 5, highSec: 30, basis: 'assumed', why: 'creating and starting the new containers'},
		{step: 'init', lowSec: 60, highSec: 600, basis: 'assumed', why: 'docker_init.sh 30–300s in each of 2 region(s)'},
		{step: 'verify', lowSec: 5, highSec: 60, basis: 'assumed', why: 'until every node writes a heartbeat'},
		{step: 'enable-ha', lowSec: 1, highSec: 3, basis: 'assumed', why: 'one ha.config write and its re-read'},
	],
};
const question =
	'stop-old: docker stop oms_428@10.0.0.2, oms_428@10.0.0.3: OMS goes down (downtime starts). disable-ha runs first (HA off for the upgrade).';
const settle = () => new Promise(resolve => setTimeout(resolve, 50));

describe('the downtime forecast in the console', () => {
	it('the stop-old question shows the total and each step with its basis, above its answer line', async () => {
		const store = panelStore();
		store.getState().ask(question, {forecast});
		const panel = renderPanel(store, recordingController(), {columns: 120, rows: 40});
		await settle();
		const rows = panel.frame().split('\n');
		const total = rows.findIndex(row => row.includes('Downtime forecast (first docker stop → HA on): 1m35s–16m41s'));
		expect(total).toBeGreaterThan(0);
		expect(rows.slice(total + 1, total + 8).map(row => row.replace(/^║\s*/, '').trim())).toEqual(
			[
				'stop-old        1.0s–30s      assumed: docker stop -t 30',
				'clean-heartbeat 2.0s          measured here: done in this attempt',
				'backup          8.0s–13s      earlier attempt: took 10s in attempt 20261125T030000',
				'start-new       5.0s–30s      assumed: creating and starting the new containers',
				'init            1m00s–10m00s  assumed: docker_init.sh 30–300s in each of 2 region(s)',
				'verify          5.0s–1m00s    assumed: until every node writes a heartbeat',
				'enable-ha       1.0s–3.0s     assumed: one ha.config write and its re-read',
			].map(row => expect.stringContaining(row) as unknown as string),
		);
		expect(rows[total + 8]).toContain('y confirm · n or esc cancel (default: No)');
		// y answers the engine's question, as any question.
		const controller = recordingController();
		const answering = renderPanel(store, controller, {columns: 120, rows: 40});
		await answering.press('y');
		expect(controller.calls).toEqual(['answer true']);
		panel.unmount();
		answering.unmount();
	});

	it('at 80×24 the answer line keeps its row: the steps give way and one line says d shows them', async () => {
		const store = panelStore();
		store.getState().ask(question, {forecast});
		const panel = renderPanel(store, recordingController(), {columns: 80, rows: 24});
		await settle();
		const frame = panel.frame();
		expect(frame).toContain('Downtime forecast (first docker stop → HA on): 1m35s–16m41s');
		expect(frame).toMatch(/… \d more: d shows them once answered/);
		expect(frame).toContain('y confirm · n or esc cancel (default: No)');
		for (const row of frame.split('\n')) expect(row.length).toBeLessThanOrEqual(80);
		panel.unmount();
	});

	it('a question without a forecast shows none', async () => {
		const store = panelStore();
		store.getState().ask('init: run /root/docker_init.sh on 10.0.0.2');
		const panel = renderPanel(store, recordingController(), {columns: 120, rows: 40});
		await settle();
		expect(panel.frame()).not.toContain('Downtime forecast');
		panel.unmount();
	});

	it('d opens the forecast view, whole, and d or esc closes it; before discovery it says there is none yet', async () => {
		const store = panelStore({forecast});
		const panel = renderPanel(store, recordingController(), {columns: 120, rows: 40});
		await settle();
		expect(panel.frame().split('\n').at(-1)).toContain('d downtime');
		await panel.press('d');
		const frame = panel.frame();
		expect(frame).toContain('Downtime forecast · esc closes');
		expect(frame).toContain('Downtime forecast (first docker stop → HA on): 1m35s–16m41s');
		expect(frame).toContain('backup          8.0s–13s      earlier attempt: took 10s in attempt 20261125T030000');
		expect(frame).toContain(
			"earlier attempt  an earlier attempt on this cluster: its time, or its rate applied to today's sizes",
		);
		await panel.press('d');
		expect(store.getState().overlay).toBeNull();
		panel.unmount();

		const early = panelStore();
		const before = renderPanel(early, recordingController(), {columns: 120, rows: 40});
		await before.press('d');
		expect(before.frame()).toContain('No forecast yet: it is made once discovery has read every node and the MetaDB');
		await before.press('\u001B');
		await settle();
		expect(early.getState().overlay).toBeNull();
		before.unmount();
	});

	it('the question that carries a forecast keeps it for d after it is answered', () => {
		const store = panelStore({forecast: {...forecast, lowSec: 1, highSec: 2}});
		store.getState().ask(question, {forecast});
		store.getState().close();
		expect(store.getState().forecast).toEqual(forecast);
	});
});

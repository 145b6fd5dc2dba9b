import {describe, expect, it} from 'vitest';
import type {NodeInspection} from '../../source/engine/node-inspection.js';
import {nodeView, panelStore, recordingController, renderPanel, stepViews} from '../helpers/panel.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 150));
const nine = Array.from({length: 9}, (_, index) =>
	nodeView(`10.0.0.${index + 2}`, {
		region: ['hangzhou', 'shanghai', 'beijing'][Math.floor(index / 3)]!,
		...(index % 3 === 0 ? {} : {initBy: `10.0.0.${index - (index % 3) + 2}`}),
	}),
);

describe('the node grid at any size', () => {
	it("shows nine nodes one row each at 120×40, every fact of the card in the card's words", () => {
		const panel = renderPanel(panelStore({nodes: nine}), recordingController(), {columns: 120, rows: 40});
		const lines = panel.frame().split('\n');
		expect(lines[2]).toBe('Nodes all 9 · [ ] pick · n opens the picked node');
		expect(lines[3]?.trimEnd()).toBe('▸10.0.0.2  hangzhou old running new absent  img ○ init ○    ONLINE · hb 2s');
		expect(lines[4]?.trimEnd()).toBe(' 10.0.0.3  hangzhou old running new absent  img ○ init peer ONLINE · hb 2s');
		expect(lines[11]?.trimEnd()).toBe(' 10.0.0.10 beijing  old running new absent  img ○ init peer ONLINE · hb 2s');
		expect(lines).toHaveLength(39);
		expect(panel.frame()).toContain('▸→○ preflight       pending');
		expect(panel.frame()).toContain('○ enable-ha       pending');
	});

	it('pages nine nodes at 80×24 with a count; [ and ] reach every node', async () => {
		const store = panelStore({nodes: nine});
		const panel = renderPanel(store, recordingController(), {columns: 80, rows: 24});
		expect(panel.frame()).toContain('Nodes 1–7 of 9 · [ ] pick · n opens the picked node');
		expect(panel.frame()).not.toContain('10.0.0.9 ');
		for (let index = 0; index < 7; index += 1) await panel.press(']');
		const second = panel.frame();
		expect(second).toContain('Nodes 8–9 of 9');
		expect(second).toContain('▸10.0.0.9  beijing');
		expect(second).toContain(' 10.0.0.10 beijing');
		await panel.press('[');
		await panel.press('[');
		expect(panel.frame()).toContain('▸10.0.0.7  shanghai');
		const lines = panel.frame().split('\n');
		expect(lines).toHaveLength(23);
		expect(Math.max(...lines.map(line => [...line].length))).toBeLessThanOrEqual(80);
		expect(lines.at(-1)).toContain('? help');
	});

	it("keeps a question's answer line on screen with nine nodes at 80×24", async () => {
		const panel = renderPanel(
			panelStore({nodes: nine, steps: stepViews('upgrade', {preflight: 'succeeded'})}),
			recordingController(),
			{columns: 80, rows: 24},
		);
		await panel.press('X');
		const text = panel.frame();
		expect(text.replaceAll(/[║\s]+/g, ' ')).toContain('oms_428@10.0.0.10');
		expect(text).toContain('Type rollback and press enter to confirm · esc cancels');
		expect(text).toContain('> ▏');
		expect(text).toMatch(/║ Confirm +║/);
		expect(text).toContain('Upgrade steps');
		expect(text.split('\n')).toHaveLength(23);
	});

	it('keeps cards while every node fits as a card (5 nodes at 120×40)', () => {
		const panel = renderPanel(panelStore({nodes: nine.slice(0, 5)}), recordingController(), {columns: 120, rows: 40});
		expect(panel.frame()).toContain('│10.0.0.6 · shanghai');
		expect(panel.frame()).not.toContain('Nodes ');
	});

	it("wraps a step's per-node states over rows instead of cutting them", () => {
		const nodes = Object.fromEntries(nine.slice(0, 5).map(node => [node.host, 'succeeded' as const]));
		const steps = stepViews('upgrade').map(step =>
			step.id === 'stop-old' ? {...step, status: 'failed' as const, nodes} : step,
		);
		const panel = renderPanel(panelStore({nodes: nine.slice(0, 5), steps}), recordingController(), {
			columns: 80,
			rows: 24,
		});
		const text = panel.frame();
		for (const node of nine.slice(0, 5)) expect(text).toContain(`${node.host} ✓`);
	});

	it('counts the nodes it has no rows left for, instead of dropping them without a word', () => {
		const nodes = Object.fromEntries(nine.map(node => [node.host, 'succeeded' as const]));
		const steps = stepViews('upgrade').map(step =>
			step.id === 'stop-old' ? {...step, status: 'failed' as const, nodes} : step,
		);
		const panel = renderPanel(panelStore({nodes: nine, steps}), recordingController(), {columns: 80, rows: 24});
		const text = panel.frame();
		const shown = nine.filter(node => text.includes(`${node.host} ✓`)).length;
		expect(shown).toBeLessThan(nine.length);
		expect(text).toContain(`+${nine.length - shown} more (n)`);
	});
});

const inspection: NodeInspection = {
	at: '2026-11-24T16:04:00.000Z',
	old: {
		name: 'oms_428',
		image: 'oms:feature_4.2.8-ce',
		status: 'exited',
		startedAt: '2026-11-20T10:00:00Z',
		binds: [],
		env: ['OMS_HOST_IP=10.0.0.3'],
	},
	fresh: {
		name: 'oms_428_429',
		image: 'oms:feature_4.2.9-ce',
		status: 'running',
		startedAt: '2026-11-24T16:02:00Z',
		binds: [],
		env: ['OMS_HOST_IP=10.0.0.3', 'IS_UPGRADE=true'],
	},
	logs: Array.from({length: 200}, (_, index) => `supervisor line ${index + 1}`),
	error: null,
	initOutput: [],
};

describe('the node view', () => {
	it('n opens the picked node whole, reads it through the controller, and [ ] go to the other nodes', async () => {
		const store = panelStore({t1: '2026-11-24T16:01:00Z'});
		store
			.getState()
			.setNode('10.0.0.3', {oldState: 'exited', newState: 'running', heartbeatAgeSec: 400, imageStaged: true});
		const controller = recordingController();
		const panel = renderPanel(store, controller, {columns: 100, rows: 30});
		await panel.press(']');
		await panel.press('n');
		expect(controller.calls).toEqual(['inspect 10.0.0.3']);
		expect(panel.frame()).toContain('Node 10.0.0.3 · hangzhou · 2 of 2 · [ ] other nodes · esc closes');
		expect(panel.frame()).toContain('reading the node…');
		store.getState().setInspection('10.0.0.3', inspection);
		await tick();
		const text = panel.frame().replaceAll(/\s*║\s*/g, ' ');
		expect(text).toContain('engine     answering · engine reached directly (unix or tcp)');
		expect(text).toContain('MetaDB     ONLINE · heartbeat 400s stale (older than the stop (T1): the old OMS wrote it)');
		expect(text).toContain('image      ✓ staged · init peer: 10.0.0.2 runs docker_init.sh for region hangzhou');
		expect(text).toContain('old oms_428 exited · image oms:feature_4.2.8-ce');
		expect(text).toContain('new oms_428_429 running · image oms:feature_4.2.9-ce');
		await panel.press('G');
		const end = panel.frame();
		expect(end).toContain('supervisor line 200');
		expect(end).toContain("runs on 10.0.0.2 for this region; see that node's view");
		await panel.press('g');
		await panel.press('j');
		expect(panel.frame()).toMatch(/rows 2–\d+ of \d+/);
		await panel.press(']');
		expect(controller.calls).toEqual(['inspect 10.0.0.3', 'inspect 10.0.0.2']);
		expect(panel.frame()).toContain('Node 10.0.0.2 · hangzhou · 1 of 2');
		expect(panel.frame()).toMatch(/rows 1–\d+ of|all \d+ rows shown/);
	});

	it('G pressed while the node is still being read stays at the end when its logs arrive; k leaves the end', async () => {
		const store = panelStore();
		const panel = renderPanel(store, recordingController(), {columns: 100, rows: 30});
		await panel.press(']');
		await panel.press('n');
		expect(panel.frame()).toContain('reading the node…');
		await panel.press('G');
		store.getState().setInspection('10.0.0.3', inspection);
		await tick();
		expect(panel.frame()).toContain('supervisor line 200');
		const rows = /rows (\d+)–(\d+) of (\d+)/.exec(panel.frame());
		expect(rows?.[2]).toBe(rows?.[3]);
		await panel.press('k');
		expect(panel.frame()).toMatch(new RegExp(`rows ${Number(rows?.[1]) - 1}–${Number(rows?.[2]) - 1} of ${rows?.[3]}`));
	});

	it('shows the docker_init output of earlier runs from the run logs when this console saw none', async () => {
		const store = panelStore();
		const panel = renderPanel(store, recordingController(), {columns: 100, rows: 30});
		await panel.press('n');
		store.getState().setInspection('10.0.0.2', {
			...inspection,
			initOutput: [{at: '2026-11-24T15:30:05.000Z', text: '[Completed] All initialization steps are executed'}],
		});
		await tick();
		await panel.press('G');
		expect(panel.frame()).toContain('from the run logs in /srv/oms-upgrade-hz-prod/logs/:');
		expect(panel.frame()).toContain('15:30:05 [Completed] All initialization steps are executed');
	});

	it('shows the docker_init output this console saw for the node that ran it', async () => {
		const store = panelStore();
		store.getState().applyEvent({
			type: 'log',
			at: '2026-11-24T16:02:10.000Z',
			step: 'init',
			node: '10.0.0.2',
			level: 'info',
			text: '[Completed] docker_init.sh finished',
		});
		const panel = renderPanel(store, recordingController(), {columns: 100, rows: 30});
		await tick();
		await panel.press('n');
		await panel.press('G');
		expect(panel.frame()).toContain('16:02:10 [Completed] docker_init.sh finished');
	});
});

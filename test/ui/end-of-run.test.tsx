import {describe, expect, it} from 'vitest';
import type {RunSummary} from '../../source/store/run-summary.js';
import {summaryLines} from '../../source/ui/overlays/summary.js';
import {panelStore, renderPanel, recordingController} from '../helpers/panel.js';

const at = '2026-11-24T16:00:00.000Z';
const check =
	'FAIL new container name free: a container named oms_425_b_429 already exists (created, 2026-11-24T15:58:00Z, not created by oms-upgrade); remove it (docker rm oms_425_b_429) or set newContainer in the plan';

describe('the end-of-run view is the failure report', () => {
	it('shows each failure in its own words with its fix, the warnings, and what stays changed, within 80×24 by scrolling', async () => {
		const store = panelStore();
		const state = () => store.getState();
		state().applyEvent({
			type: 'run-started',
			at,
			command: 'run',
			attempt: '20261124T160000',
			run: 'r1',
			selection: {},
		} as never);
		state().applyEvent({type: 'step-started', at, step: 'preflight', node: null});
		state().applyEvent({type: 'log', at, step: 'preflight', node: '127.0.0.13', level: 'error', text: check});
		state().applyEvent({type: 'log', at, step: 'preflight', node: null, level: 'warn', text: 'oms_version has no row'});
		state().applyEvent({
			type: 'step-finished',
			at,
			step: 'preflight',
			node: null,
			status: 'failed',
			reason: '1 check failed: node 127.0.0.13: new container name free.',
		});
		expect(state().steps.find(step => step.id === 'preflight')?.warnings).toBe(1);
		const summary: RunSummary = {
			command: 'run',
			outcome: 'failed',
			detail: 'failed at preflight: 1 check failed: node 127.0.0.13: new container name free.',
			attempt: '20261124T160000',
			t1: null,
			t2: null,
			t4: null,
			downtimeSec: 0,
			rollbackDowntimeSec: null,
			steps: [],
			backups: [],
			reportFile: '/srv/w/report.json',
			logFile: '/srv/w/logs/r.log',
			oldContainers: [],
			findings: state().findings,
			left: 'HA is OFF: attempt 20261124T160000 disabled it and OMS still runs; `oms-upgrade run` continues.',
		};
		const text = summaryLines(summary)
			.map(line => line.text)
			.join('\n');
		expect(text).toContain('What failed (1)');
		expect(text).toContain(`preflight · node 127.0.0.13: ${check}`);
		expect(text).toContain('Warnings (1)');
		expect(text).toContain('preflight: oms_version has no row');
		expect(text).toContain('What stays changed');
		expect(text).toContain('HA is OFF');
		state().showSummary(summary);
		const panel = renderPanel(store, recordingController(), {columns: 80, rows: 24});
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(panel.frame().replaceAll(/[║\s]+/g, ' ')).toContain('remove it (docker rm oms_425_b_429)');
		for (const row of panel.frame().split('\n')) expect(row.length).toBeLessThanOrEqual(80);
	});

	it('a finished step with warnings says so on its row', async () => {
		const store = panelStore();
		store.getState().applyEvent({type: 'step-started', at, step: 'preflight', node: null});
		store
			.getState()
			.applyEvent({type: 'log', at, step: 'preflight', node: null, level: 'warn', text: 'oms_version has no row'});
		store
			.getState()
			.applyEvent({type: 'step-finished', at, step: 'preflight', node: null, status: 'succeeded', reason: ''});
		const panel = renderPanel(store, recordingController(), {columns: 100, rows: 30});
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(panel.frame()).toMatch(/✓ preflight +done +0:00 1 WARN/);
	});
});

describe('words that do not mislead', () => {
	it('the header names an OceanBase MetaDB user apart from the address', async () => {
		const {metadbLabel} = await import('../../source/store/initial-state.js');
		expect(metadbLabel('oms_meta@oms_tenant#obcluster', '127.0.0.1', 39699)).toBe(
			'127.0.0.1:39699 as oms_meta (tenant oms_tenant, cluster obcluster)',
		);
		expect(metadbLabel('oms', '10.0.0.10', 3306)).toBe('10.0.0.10:3306 as oms');
	});

	it('a mistyped rollback word is answered where it is typed', async () => {
		const store = panelStore({overlay: 'rollback', typed: 'rolbak'});
		const panel = renderPanel(store, recordingController(), {columns: 100, rows: 30});
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(panel.frame()).toContain('"rolbak" is not the word rollback');
	});
});

describe('the running sign', () => {
	it('turns through frames that look like no other sign of the panel', async () => {
		const spinners = (await import('cli-spinners')).default as unknown as Record<string, {frames: string[]}>;
		const {runningSpinner} = await import('../../source/ui/step-list.js');
		const {stepGlyph} = await import('../../source/ui/glyphs.js');
		const frames = spinners[runningSpinner]!.frames;
		expect(frames.length).toBeGreaterThan(1);
		for (const frame of frames) {
			expect(Object.values(stepGlyph)).not.toContain(frame);
			expect(['-', '–', '—', '|']).not.toContain(frame);
		}
	});
});

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

	it('sets the forecast made before the downtime beside the actual, step by step and in total', async () => {
		const t1 = Date.parse('2026-11-24T16:00:00Z');
		const stamp = (sec: number) => new Date(t1 + sec * 1000).toISOString();
		const ran = (id: string, from: number, to: number) => ({
			id,
			node: null,
			status: 'succeeded',
			startedAt: stamp(from),
			finishedAt: stamp(to),
		});
		const steps = [
			ran('stop-old', 0, 3),
			ran('clean-heartbeat', 3, 4),
			ran('backup', 4, 16),
			ran('start-new', 20, 26),
			ran('init', 26, 146),
			ran('verify', 146, 160),
			ran('enable-ha', 160, 161),
		];
		const range = (step: string, lowSec: number, highSec: number, basis = 'assumed') => ({
			step,
			lowSec,
			highSec,
			basis,
			actualSec: null,
		});
		const summary: RunSummary = {
			command: 'run',
			outcome: 'succeeded',
			detail: 'succeeded: OMS 4.2.9-CE runs on every node',
			attempt: '20261124T160000',
			t1: stamp(0),
			t2: stamp(161),
			t4: null,
			downtimeSec: 161,
			rollbackDowntimeSec: null,
			steps,
			backups: [],
			reportFile: '/srv/w/report.json',
			logFile: '/srv/w/logs/r.log',
			oldContainers: ['oms_428@10.0.0.2'],
			forecast: {
				lowSec: 95,
				highSec: 1001,
				actualSec: 161,
				steps: [
					range('stop-old', 1, 30),
					range('clean-heartbeat', 1, 1, 'measured here'),
					range('backup', 8, 13, 'earlier attempt'),
					range('start-new', 5, 30),
					range('init', 60, 600),
					range('verify', 5, 60),
					range('enable-ha', 1, 3),
				],
			},
		};
		const store = panelStore();
		store.getState().showSummary(summary);
		const panel = renderPanel(store, recordingController(), {columns: 120, rows: 40});
		await new Promise(resolve => setTimeout(resolve, 50));
		const rows = panel
			.frame()
			.split('\n')
			.map(row => row.replace(/^[│║]\s?/, '').replace(/\s*[│║]$/, ''));
		const head = rows.findIndex(row => row.trim().startsWith('Downtime'));
		expect(rows.slice(head, head + 10).map(row => row.trimEnd())).toEqual([
			'Downtime  2:41  (forecast 1m35s–16m41s)',
			'  stop-old            3.0s  forecast 1.0s–30s      assumed',
			'  clean-heartbeat     1.0s  forecast 1.0s          measured here',
			'  backup             12.0s  forecast 8.0s–13s      earlier attempt',
			'  start-new           6.0s  forecast 5.0s–30s      assumed',
			'  init                2:00  forecast 1m00s–10m00s  assumed',
			'  verify             14.0s  forecast 5.0s–1m00s    assumed',
			'  enable-ha           1.0s  forecast 1.0s–3.0s     assumed',
			'  between steps       4.0s  (no step running: questions, waits)',
			'',
		]);
		panel.unmount();
	});
});

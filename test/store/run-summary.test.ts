import {describe, expect, it} from 'vitest';
import {downtimeSplit, summaryFromReport} from '../../source/store/run-summary.js';

const step = (id: string, from: string, to: string) => ({
	id,
	node: null,
	status: 'succeeded',
	startedAt: `2026-11-24T16:${from}Z`,
	finishedAt: `2026-11-24T16:${to}Z`,
});

describe('how the downtime splits over the steps', () => {
	it('counts each step inside T1…T2 only, and what no step covers as time between steps', () => {
		const split = downtimeSplit({
			t1: '2026-11-24T16:01:00Z',
			t2: '2026-11-24T16:03:00Z',
			t4: null,
			downtimeSec: 120,
			steps: [
				step('disable-ha', '00:50', '00:55'),
				step('stop-old', '00:58', '01:10'),
				step('init', '02:00', '02:50'),
				step('enable-ha', '02:55', '03:05'),
			],
		});
		expect(split).toEqual({
			steps: [
				{id: 'stop-old', seconds: 10},
				{id: 'init', seconds: 50},
				{id: 'enable-ha', seconds: 5},
			],
			betweenSec: 55,
		});
	});

	it('ends at T4 after a rollback, and is empty before T1', () => {
		const split = downtimeSplit({
			t1: '2026-11-24T16:01:00Z',
			t2: null,
			t4: '2026-11-24T16:02:00Z',
			downtimeSec: 60,
			steps: [step('stop-old', '01:00', '01:10'), step('rb-start-old', '01:40', '02:30')],
		});
		expect(split).toEqual({
			steps: [
				{id: 'stop-old', seconds: 10},
				{id: 'rb-start-old', seconds: 20},
			],
			betweenSec: 30,
		});
		expect(
			downtimeSplit({t1: null, t2: null, t4: null, downtimeSec: 0, steps: [step('preflight', '00:00', '00:01')]}),
		).toEqual({steps: [], betweenSec: 0});
	});

	it("counts every run of a step as that step's: a start-new that hung and failed, then its retry", () => {
		const run = (id: string, from: string, to: string, node: string | null = null) => ({
			step: id,
			node,
			startedAt: `2026-11-24T16:${from}Z`,
			finishedAt: `2026-11-24T16:${to}Z`,
		});
		const split = downtimeSplit({
			t1: '2026-11-24T16:01:00Z',
			t2: '2026-11-24T16:05:00Z',
			t4: null,
			downtimeSec: 240,
			// The step's record holds only its latest run; the report's stepRuns hold both.
			steps: [step('stop-old', '01:00', '01:10'), step('start-new', '03:00', '03:20')],
			stepRuns: [
				run('stop-old', '01:00', '01:10'),
				run('start-new', '01:20', '02:20'),
				run('start-new', '01:20', '02:20', '10.0.0.2'),
				run('start-new', '03:00', '03:20'),
			],
		});
		expect(split).toEqual({
			steps: [
				{id: 'stop-old', seconds: 10},
				{id: 'start-new', seconds: 80},
			],
			betweenSec: 150,
		});
	});

	it('reads report.json: backup files under the workdir, old containers by node', () => {
		const summary = summaryFromReport(
			{
				outcome: 'succeeded',
				detail: 'd',
				attempt: 'a',
				t1: null,
				t2: null,
				t4: null,
				downtimeSec: 0,
				rollbackDowntimeSec: null,
				steps: [],
				backups: [{database: 'oms_rm', file: 'backups/a/oms_rm.sql', bytes: 3}],
				log: '/w/logs/a/r.log',
				nodes: [{host: '10.0.0.2', oldContainer: 'oms_428'}],
			},
			'run',
			'/w',
			'/w/report.json',
		);
		expect(summary).toMatchObject({
			backups: [{database: 'oms_rm', path: '/w/backups/a/oms_rm.sql', bytes: 3}],
			logFile: '/w/logs/a/r.log',
			oldContainers: ['oms_428@10.0.0.2'],
		});
	});
});

import {describe, expect, it} from 'vitest';
import {executeWith} from '../../source/app/run.js';
import {parseCli} from '../../source/cli-args.js';
import {checkCommand} from '../../source/commands/check-command.js';
import type {Output} from '../../source/commands/output.js';
import {planCommand} from '../../source/commands/plan-command.js';
import {EventBus} from '../../source/domain/events.js';
import {forecastLines, forecastRange} from '../../source/engine/forecast-text.js';
import type {QuestionAbout} from '../../source/engine/run-options.js';
import {summaryFromReport} from '../../source/store/run-summary.js';
import {summaryLines} from '../../source/ui/overlays/summary.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeWiring} from '../helpers/fakes/fake-wiring.js';

function capture(): Output & {lines: string[]} {
	const lines: string[] = [];
	return {lines, line: (text = '') => lines.push(text), error: text => lines.push(text), color: false};
}

const args = (...argv: string[]) => parseCli([...argv, '-c', '/fake/oms-upgrade.yaml']);
type ReportForecast = {
	forecast: {
		lowSec: number;
		highSec: number;
		actualSec: number;
		steps: Array<{step: string; basis: string; lowSec: number; highSec: number; actualSec: number | null}>;
	};
	downtimeSec: number;
};

describe('the downtime forecast in plan, check and report.json, over the fake cluster', () => {
	it('plan and check print it with each line’s basis (--json carries it); the run keeps it in report.json beside the actual per step', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const wiring = fakeWiring(cluster);
		const plan = capture();
		expect(await planCommand(args('plan'), plan, wiring)).toBe(0);
		const start = plan.lines.findIndex(line => line.startsWith('Downtime forecast (first docker stop → HA on): '));
		expect(start).toBeGreaterThan(0);
		// The fake MetaDB: three 1 MiB databases plus the heartbeat database (information_schema), 3 heartbeat rows per
		// region's table.
		expect(plan.lines.slice(start + 1, start + 8).map(line => line.trim().split(/\s+/)[0])).toEqual([
			'stop-old',
			'clean-heartbeat',
			'backup',
			'start-new',
			'init',
			'verify',
			'enable-ha',
		]);
		expect(plan.lines[start + 3]).toMatch(
			/^ {2}backup +[\d.]+s–[\d.]+s +assumed, the default: [34]\.0 MiB \(information_schema\) at about 20\.0 MiB\/s$/,
		);
		// The fake plan waits 0 s before init: two regions, 30–300 s each, one after another.
		expect(plan.lines[start + 5]).toBe(
			'  init            1m00s–10m00s  assumed, the default: minWaitSec 0s, then docker_init.sh 30–300s in each of 2 region(s), one after another',
		);
		const check = capture();
		expect(await checkCommand(args('check', '--json'), check, wiring)).toBe(0);
		const checked = JSON.parse(check.lines.join('\n')) as {forecast: {steps: Array<{basis: string}>}};
		expect(checked.forecast.steps).toHaveLength(7);
		expect(new Set(checked.forecast.steps.map(step => step.basis))).toEqual(new Set(['assumed, the default']));

		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		expect(await executeWith({...options, command: 'run'}, wiring)).toMatchObject({outcome: 'succeeded'});
		const report = JSON.parse(cluster.files.get('/fake/workdir/report.json')!) as ReportForecast;
		expect(report.forecast.steps.map(step => step.step)).toEqual([
			'stop-old',
			'clean-heartbeat',
			'backup',
			'start-new',
			'init',
			'verify',
			'enable-ha',
		]);
		expect(report.forecast.steps.every(step => typeof step.actualSec === 'number')).toBe(true);
		expect(Math.abs(report.forecast.actualSec - report.downtimeSec)).toBeLessThanOrEqual(0.5);
	});

	it('init.expectedSec in the plan is the figure for docker_init.sh, marked as the plan’s, in plan and check', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		// The plan as loaded from a file that sets init.expectedSec.
		Object.assign(cluster.model.plan.init, {expectedSec: 45});
		const wiring = fakeWiring(cluster);
		const plan = capture();
		expect(await planCommand(args('plan'), plan, wiring)).toBe(0);
		// 0 s of minWaitSec, then 45 s in each of two regions: 90 s, as a range of 0.8× to 1.25×.
		expect(plan.lines.find(line => line.startsWith('  init '))).toBe(
			'  init            1m12s–1m53s   assumed, from the plan: minWaitSec 0s, then docker_init.sh 45s (init.expectedSec) in each of 2 region(s), one after another',
		);
		const check = capture();
		expect(await checkCommand(args('check', '--json'), check, wiring)).toBe(0);
		const checked = JSON.parse(check.lines.join('\n')) as {forecast: {steps: Array<{step: string; basis: string}>}};
		expect(checked.forecast.steps.map(step => `${step.step} ${step.basis}`)).toContain('init assumed, from the plan');
	});

	it('after an attempt, the next one’s plan forecasts from what it measured', async () => {
		const cluster = new FakeCluster({nodes: 2});
		const first = {...fakeWiring(cluster), clock: () => new Date('2026-11-25T03:00:00Z')};
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		expect(await executeWith({...options, command: 'run'}, first)).toMatchObject({outcome: 'succeeded'});
		expect(await executeWith({...options, command: 'rollback'}, first)).toMatchObject({outcome: 'rolled-back'});
		const plan = capture();
		expect(await planCommand(args('plan', '--json'), plan, fakeWiring(cluster))).toBe(0);
		const {forecast} = JSON.parse(plan.lines.join('\n')) as {
			forecast: {steps: Array<{step: string; basis: string; why: string}>};
		};
		expect(forecast.steps.map(step => `${step.step} ${step.basis}`)).toEqual([
			'stop-old earlier attempt',
			'clean-heartbeat earlier attempt',
			'backup earlier attempt',
			'start-new earlier attempt',
			'init earlier attempt',
			'verify earlier attempt',
			'enable-ha earlier attempt',
		]);
		expect(forecast.steps.find(step => step.step === 'backup')?.why).toMatch(
			/ MiB to dump at [\d.]+ MiB\/s as measured by attempt 20261125T030000$/,
		);
	});

	it('the question before stop-old carries the forecast the run made, as the console shows it; no other question does', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const asked: Array<{question: string; kind: string; about?: QuestionAbout}> = [];
		const result = await executeWith(
			{
				plan: cluster.model.plan,
				command: 'run',
				yes: false,
				bus: new EventBus(),
				confirm: async (question, kind, about) => {
					asked.push({question, kind, ...(about ? {about} : {})});
					return true;
				},
				signal: new AbortController().signal,
			},
			fakeWiring(cluster),
		);
		expect(result).toMatchObject({outcome: 'succeeded'});
		const carrying = asked.filter(entry => entry.about);
		expect(carrying.map(entry => entry.question.split(':')[0])).toEqual(['stop-old']);
		const forecast = carrying[0]!.about!.forecast;
		expect(forecast.steps.map(step => step.step)).toEqual([
			'stop-old',
			'clean-heartbeat',
			'backup',
			'start-new',
			'init',
			'verify',
			'enable-ha',
		]);
		// What the operator saw is what report.json sets against the actual.
		const report = JSON.parse(cluster.files.get('/fake/workdir/report.json')!) as ReportForecast;
		expect(report.forecast.lowSec).toBe(forecast.lowSec);
		expect(report.forecast.highSec).toBe(forecast.highSec);
		// The console's end-of-run view reads the same report.json: each downtime step's actual beside its forecast.
		const summary = summaryFromReport(report as never, 'run', '/fake/workdir', '/fake/workdir/report.json');
		const text = summaryLines(summary).map(line => line.text);
		for (const step of forecast.steps)
			expect(text).toContainEqual(
				expect.stringMatching(
					new RegExp(
						`^ {2}${step.step} +\\d+\\.\\ds {2}forecast ${forecastRange(step.lowSec, step.highSec)} +${step.basis}$`,
					),
				),
			);
		expect(text).toContainEqual(
			expect.stringMatching(
				new RegExp(`^Downtime {2}\\d+:\\d\\d {2}\\(forecast ${forecastRange(forecast.lowSec, forecast.highSec)}\\)$`),
			),
		);
		// The console's question overlay draws these lines: the total, then each step with its basis.
		const lines = forecastLines(forecast);
		expect(lines[0]).toBe(
			`Downtime forecast (first docker stop → HA on): ${forecastRange(forecast.lowSec, forecast.highSec)}`,
		);
		expect(lines[5]).toBe(
			'  init            1m00s–10m00s  assumed, the default: minWaitSec 0s, then docker_init.sh 30–300s in each of 2 region(s), one after another',
		);
	});
});

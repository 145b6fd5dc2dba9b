import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {formatSeconds} from '../../source/domain/format.js';
import {labWorkdir} from '../../source/lab/lab.js';
import {runCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/**
 * The forecast learns from an attempt: on the smallest lab, after one upgrade and its rollback, `plan` and `check`
 * forecast every downtime step from what that attempt measured, as its report.json recorded it.
 */
type StepForecast = {step: string; lowSec: number; highSec: number; basis: string; why: string};
type Forecast = {lowSec: number; highSec: number; dumpBytes: number | null; heartbeatRows: number | null};
type Report = {
	outcome: string;
	attempt: string;
	forecast: Forecast & {steps: Array<StepForecast & {actualSec: number | null}>};
};

let lab: Lab;
const expectedSec = 20;

beforeAll(async () => {
	lab = await startLab({nodes: 1, regions: 1});
	// The plan as an operator who timed docker_init.sh before writes it.
	const plan = parse(await readFile(lab.state.planFile, 'utf8')) as {init: Record<string, number>};
	plan.init.expectedSec = expectedSec;
	await writeFile(lab.state.planFile, stringify(plan));
});

afterAll(async () => {
	await lab?.down();
});

const forecastOf = async (command: 'plan' | 'check') => {
	const result = await runCli([command, '-c', lab.state.planFile, '--json']);
	expect(result.exitCode, result.stderr).toBe(0);
	return (JSON.parse(result.stdout) as {forecast: Forecast & {steps: StepForecast[]}}).forecast;
};
const report = async () =>
	JSON.parse(await readFile(join(labWorkdir(lab.state.directory), 'report.json'), 'utf8')) as Report;
/**
 * How far a figure may stray from 0.8× or 1.25× a measured one: its grain (a tenth under 10 s, else 1 s), and the
 * report's rounding of the measured figure to a tenth, scaled as the figure is.
 */
const slack = (sec: number, scale = 1) => (sec < 8 ? 0.1 : 1) + 0.05 * 1.25 * scale + 0.01;

describe('the forecast after an earlier attempt on the cluster', () => {
	let first: Report;

	it('before any attempt: init is the plan’s init.expectedSec after minWaitSec, the rest the defaults', async () => {
		const forecast = await forecastOf('plan');
		const init = forecast.steps.find(step => step.step === 'init')!;
		// The lab's plan waits 3 s: 3 + 20 s in its one region, as a range of 0.8× to 1.25×.
		expect(init).toMatchObject({lowSec: 18, highSec: 29, basis: 'assumed, from the plan'});
		expect(
			forecast.steps.filter(step => step.step !== 'init').every(step => step.basis === 'assumed, the default'),
		).toBe(true);
	});

	it('an upgrade and its rollback: the attempt whose steps the next forecast is made from', async () => {
		expect((await runCli(['run', '-c', lab.state.planFile, '--yes'])).exitCode).toBe(0);
		first = await report();
		expect(first.outcome).toBe('succeeded');
		expect(first.forecast.steps.every(step => step.actualSec !== null)).toBe(true);
		expect((await runCli(['rollback', '-c', lab.state.planFile, '--yes'])).exitCode).toBe(0);
		expect((await report()).outcome).toBe('rolled-back');
	});

	it.each(['plan', 'check'] as const)(
		'%s forecasts every step from that attempt: the figures it measured, or its rates on today’s sizes',
		async command => {
			const forecast = await forecastOf(command);
			expect(forecast.steps.map(step => `${step.step} ${step.basis}`)).toEqual(
				first.forecast.steps.map(step => `${step.step} earlier attempt`),
			);
			for (const step of forecast.steps) {
				const measured = first.forecast.steps.find(entry => entry.step === step.step)!.actualSec!;
				// Backup and the heartbeat cleanup scale with what there is to dump or delete now, at that attempt's rate.
				const scale =
					step.step === 'backup' && first.forecast.dumpBytes
						? forecast.dumpBytes! / first.forecast.dumpBytes
						: step.step === 'clean-heartbeat' && first.forecast.heartbeatRows
							? forecast.heartbeatRows! / first.forecast.heartbeatRows
							: undefined;
				// The report keeps the figure to a tenth; a step of a few milliseconds (0 there) reads "<0.1s".
				if (scale === undefined && measured === 0)
					expect(step.why).toMatch(new RegExp(`^took (<0\\.1s|0\\.0s) in attempt ${first.attempt}$`));
				else if (scale === undefined)
					expect(step.why).toBe(`took ${formatSeconds(measured)} in attempt ${first.attempt}`);
				else expect(step.why).toMatch(new RegExp(` as measured by attempt ${first.attempt}$`));
				const expected = measured * (scale ?? 1);
				expect(Math.abs(step.lowSec - 0.8 * expected), `${step.step} low`).toBeLessThanOrEqual(slack(expected, scale));
				expect(Math.abs(step.highSec - 1.25 * expected), `${step.step} high`).toBeLessThanOrEqual(
					slack(expected, scale),
				);
			}
		},
	);
});

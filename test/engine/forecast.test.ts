import {describe, expect, it} from 'vitest';
import {newJournal} from '../../source/domain/journal.js';
import type {Journal} from '../../source/domain/journal-types.js';
import {forecastDowntime, type ForecastFacts} from '../../source/engine/forecast.js';

const plan = {name: 'p', target: {version: '4.2.9-CE'}, nodes: [], metadb: undefined};
const MiB = 2 ** 20;
const base: ForecastFacts = {
	initRegions: 2,
	minWaitSec: 300,
	stopGraceSec: 60,
	dumpBytes: 200 * MiB,
	heartbeatRows: 3000,
	current: undefined,
	earlier: [],
};

function journalWith(attempt: string, steps: Record<string, [number, number, string?]>): Journal {
	const journal = newJournal(
		plan,
		new Date(`${attempt.slice(0, 4)}-${attempt.slice(4, 6)}-${attempt.slice(6, 8)}T00:00:00Z`),
	);
	for (const [id, [from, to, reason]] of Object.entries(steps)) {
		const at = (sec: number) => new Date(Date.parse('2026-11-25T03:00:00Z') + sec * 1000).toISOString();
		journal.steps[id as 'backup'] = {
			status: 'succeeded',
			startedAt: at(from),
			finishedAt: at(to),
			reason: reason ?? null,
			nodes: {},
		};
	}
	return journal;
}

const line = (forecast: ReturnType<typeof forecastDowntime>, step: string) => {
	const found = forecast.steps.find(entry => entry.step === step)!;
	return `${found.lowSec}-${found.highSec} ${found.basis}: ${found.why}`;
};

describe('the downtime forecast', () => {
	it('with nothing measured: every figure assumed and said so, init as minWaitSec plus each region in turn', () => {
		const forecast = forecastDowntime(base);
		expect(forecast.steps.map(step => step.step)).toEqual([
			'stop-old',
			'clean-heartbeat',
			'backup',
			'start-new',
			'init',
			'verify',
			'enable-ha',
		]);
		expect(forecast.steps.every(step => step.basis === 'assumed, the default')).toBe(true);
		expect(line(forecast, 'stop-old')).toBe(
			'1-60 assumed, the default: docker stop -t 60: seconds on SIGTERM, killed at 60s at most',
		);
		expect(line(forecast, 'backup')).toBe(
			'5-20 assumed, the default: 200.0 MiB (information_schema) at about 20.0 MiB/s',
		);
		expect(line(forecast, 'init')).toBe(
			'360-900 assumed, the default: minWaitSec 300s, then docker_init.sh 30–300s in each of 2 region(s), one after another',
		);
		expect(forecast.lowSec).toBe(forecast.steps.reduce((sum, step) => sum + step.lowSec, 0));
		expect(forecast.highSec).toBe(forecast.steps.reduce((sum, step) => sum + step.highSec, 0));
		expect(line(forecastDowntime({...base, dumpBytes: undefined}), 'backup')).toBe(
			'10-600 assumed, the default: the dump size could not be estimated (MetaDB not read)',
		);
	});

	it("from an earlier attempt: its rates applied to today's dump size and heartbeat rows, its durations otherwise; the newest attempt wins", () => {
		const older = journalWith('20261101', {'stop-old': [0, 50]});
		const newer = journalWith('20261120', {
			'stop-old': [0, 10],
			'clean-heartbeat': [10, 12],
			backup: [12, 22],
			init: [30, 430],
		});
		// What that attempt's own forecast read: its estimate is what today's is compared with.
		newer.forecast = {lowSec: 0, highSec: 0, dumpBytes: 100 * MiB, heartbeatRows: 1000, steps: []};
		const forecast = forecastDowntime({...base, earlier: [newer, older]});
		expect(line(forecast, 'stop-old')).toBe(`8-13 earlier attempt: took 10s in attempt ${newer.attempt}`);
		expect(line(forecast, 'backup')).toBe(
			`16-25 earlier attempt: 200.0 MiB to dump at 10.0 MiB/s as measured by attempt ${newer.attempt}`,
		);
		expect(line(forecast, 'clean-heartbeat')).toBe(
			`4.8-7.5 earlier attempt: 3000 rows to delete at 500 rows/s as measured by attempt ${newer.attempt}`,
		);
		expect(line(forecast, 'init')).toBe(`320-500 earlier attempt: took 6m40s in attempt ${newer.attempt}`);
		expect(forecast.steps.find(step => step.step === 'start-new')?.basis).toBe('assumed, the default');
	});

	it('an earlier attempt without the estimates it was made from lends its durations, not rates', () => {
		const earlier = journalWith('20261120', {backup: [0, 10]});
		expect(line(forecastDowntime({...base, earlier: [earlier]}), 'backup')).toBe(
			`8-13 earlier attempt: took 10s in attempt ${earlier.attempt}`,
		);
	});

	it('init.expectedSec from the plan stands for docker_init.sh until an attempt measured init, and says so', () => {
		const planned = forecastDowntime({...base, initExpectedSec: 100});
		// 300 s, then 100 s in each of 2 regions: 500 s, as a range of 0.8× to 1.25×.
		expect(line(planned, 'init')).toBe(
			'400-625 assumed, from the plan: minWaitSec 300s, then docker_init.sh 100s (init.expectedSec) in each of 2 region(s), one after another',
		);
		expect(planned.steps.filter(step => step.basis === 'assumed, from the plan').map(step => step.step)).toEqual([
			'init',
		]);
		const earlier = journalWith('20261120', {init: [0, 40]});
		expect(line(forecastDowntime({...base, initExpectedSec: 100, earlier: [earlier]}), 'init')).toBe(
			`32-50 earlier attempt: took 40s in attempt ${earlier.attempt}`,
		);
	});

	it('keeps tenths of a second where the figures are small: a 0.4 s step is not forecast as 0 s', () => {
		const earlier = journalWith('20261120', {'stop-old': [0, 0.4], 'enable-ha': [1, 1.25], backup: [2, 2.5]});
		earlier.forecast = {lowSec: 0, highSec: 0, dumpBytes: 100 * MiB, heartbeatRows: null, steps: []};
		const forecast = forecastDowntime({...base, dumpBytes: 100 * MiB, earlier: [earlier]});
		expect(line(forecast, 'stop-old')).toBe(`0.3-0.5 earlier attempt: took 0.4s in attempt ${earlier.attempt}`);
		expect(line(forecast, 'enable-ha')).toBe(`0.2-0.4 earlier attempt: took 0.3s in attempt ${earlier.attempt}`);
		// Its rate as measured (200 MiB/s), not as if the step had taken a whole second.
		expect(line(forecast, 'backup')).toBe(
			`0.4-0.7 earlier attempt: 100.0 MiB to dump at 200.0 MiB/s as measured by attempt ${earlier.attempt}`,
		);
		const current = journalWith('20261125', {'stop-old': [0, 0.42]});
		expect(line(forecastDowntime({...base, current}), 'stop-old')).toBe('0.4-0.4 measured here: done in this attempt');
	});

	it('a step done in the open attempt is measured here', () => {
		const current = journalWith('20261125', {'stop-old': [0, 7]});
		expect(line(forecastDowntime({...base, current}), 'stop-old')).toBe('7-7 measured here: done in this attempt');
	});
});

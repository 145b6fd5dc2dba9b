import {describe, expect, it} from 'vitest';
import {formatTable, goalMet, percentile, row} from '../../bench/lib/table.mjs';

describe('the benches’ table', () => {
	it('checks a goal in the row’s unit against the tool’s figure, and a goal in × against the ratio', () => {
		expect(goalMet(row({measure: 'p95', tool: 42, baseline: 10, unit: 'ms', goal: '≤ 50 ms'}))).toBe(true);
		expect(goalMet(row({measure: 'p95', tool: 68, baseline: 10, unit: 'ms', goal: '≤ 50 ms'}))).toBe(false);
		expect(goalMet(row({measure: 'dumps', tool: 96, baseline: 100, unit: 'MiB/s', goal: '≥ 0.95×'}))).toBe(true);
		expect(goalMet(row({measure: 'dumps', tool: 90, baseline: 100, unit: 'MiB/s', goal: '≥ 0.95×'}))).toBe(false);
		expect(goalMet(row({measure: 'no baseline', tool: 90, unit: 'MiB/s', goal: '≥ 0.95×'}))).toBeNull();
		expect(goalMet(row({measure: 'no goal', tool: 1, baseline: 1, unit: 's'}))).toBeNull();
		// A bare number: on the ratio when there is one, else on the tool's figure; a goal in words is not checked.
		expect(goalMet(row({measure: 'throughput', tool: 59, baseline: 70, unit: 'MiB/s', goal: '≥ 0.9'}))).toBe(false);
		expect(goalMet(row({measure: 'events', tool: 10, unit: 'events/s', goal: '≤ 10'}))).toBe(true);
		expect(goalMet(row({measure: 'rss', tool: 164, baseline: 147, unit: 'MiB', goal: '≈ 1 (streamed)'}))).toBeNull();
	});

	it('checks a range goal, ends included: in × on the ratio, in the row’s unit on the tool’s figure', () => {
		const forecast = (tool: number, goal = '0.75–1.25×') =>
			goalMet(row({measure: 'forecast', tool, baseline: 20, unit: 's', goal}));
		expect([forecast(14.9), forecast(15), forecast(20), forecast(25), forecast(25.1)]).toEqual([
			false,
			true,
			true,
			true,
			false,
		]);
		expect(forecast(12, '10–13 s')).toBe(true);
		expect(forecast(9, '10–13 s')).toBe(false);
		expect(goalMet(row({measure: 'no actual', tool: 12, baseline: null, unit: 's', goal: '0.75–1.25×'}))).toBeNull();
	});

	it('prints one line per row with the ratio, the goal and whether it is met, notes numbered under it', () => {
		const text = formatTable(
			[
				{
					...row({
						measure: 'start → first frame',
						tool: 1335,
						baseline: 423,
						unit: 'ms',
						goal: '≤ 400 ms',
						note: 'median of 5',
					}),
					bench: 'startup',
				},
				{...row({measure: 'dumps', tool: 96, baseline: 100, unit: 'MiB/s', goal: '≥ 0.95×'}), bench: 'dumps'},
			],
			{bench: true},
		);
		const lines = text.split('\n');
		expect(lines[0]).toMatch(/^bench\s+\| measure\s+\|\s+tool \|\s+baseline \| ratio \| goal\s+\| met\?$/);
		expect(lines[2]).toMatch(
			/^startup \| start → first frame \[1\] \| 1,335 ms \|\s+423 ms \| 3\.16× \| ≤ 400 ms\s+\| NO$/,
		);
		expect(lines[3]).toMatch(/^dumps\s+\| dumps\s+\| 96 MiB\/s \| 100 MiB\/s \| 0\.96× \| ≥ 0\.95×\s+\| yes$/);
		expect(lines[4]).toBe('[1] median of 5');
	});

	it('takes percentiles by nearest rank', () => {
		const values = Array.from({length: 200}, (_, index) => index + 1);
		expect(percentile(values, 50)).toBe(100);
		expect(percentile(values, 95)).toBe(190);
		expect(percentile([7], 95)).toBe(7);
	});
});

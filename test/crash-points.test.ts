import {describe, expect, it} from 'vitest';
import {crashPoints, dayOfYear, pointName, selectPoints} from './helpers/crash-points.js';

describe('the crash walk’s points', () => {
	it('kills inside and after each of the 10 upgrade and 6 rollback steps', () => {
		expect(crashPoints).toHaveLength(32);
		expect(crashPoints.slice(0, 3).map(pointName)).toEqual([
			'inside:preflight',
			'after:preflight',
			'inside:stage-image',
		]);
		expect(crashPoints.at(-1)).toEqual({command: 'rollback', step: 'rb-restore-ha', at: 'after'});
	});

	it('rotates a subset of 4, one per quarter, that covers every point within 8 seeds', () => {
		const seen = new Set<string>();
		for (let seed = 0; seed < 8; seed += 1) {
			const {points} = selectPoints({CRASH_SEED: String(seed)});
			expect(points).toHaveLength(4);
			for (const point of points) seen.add(pointName(point));
		}
		expect(seen.size).toBe(32);
		expect(selectPoints({CRASH_SEED: '329'}).description).toBe(
			'a rotating subset: seed 329 (CRASH_SEED), 4 of 32 points; repeat with CRASH_SEED=329, or CRASH_POINTS=after:preflight,inside:start-new,after:rb-stop-new,inside:rb-start-old',
		);
	});

	it('defaults to the day of the year (UTC), takes the whole walk or named points', () => {
		expect(dayOfYear(new Date('2026-01-01T00:00:00Z'))).toBe(1);
		expect(dayOfYear(new Date('2026-11-25T23:59:00Z'))).toBe(329);
		expect(selectPoints({}, new Date('2026-11-25T06:00:00Z')).description).toMatch(
			/^a rotating subset: seed 329 \(the day of the year\)/,
		);
		expect(selectPoints({CRASH_WALK: 'all'}).points).toEqual(crashPoints);
		expect(selectPoints({CRASH_POINTS: 'after:rb-restore, inside:backup'}).points.map(pointName)).toEqual([
			'inside:backup',
			'after:rb-restore',
		]);
		expect(() => selectPoints({CRASH_POINTS: 'inside:nowhere'})).toThrow(/unknown point inside:nowhere/);
	});
});

import {describe, expect, it} from 'vitest';
import {downtimeSeconds} from '../../source/domain/downtime.js';

describe('downtimeSeconds', () => {
	it('is null before T1, runs to now until T2, and stops at T2', () => {
		const now = Date.parse('2026-11-24T17:30:00Z');
		expect(downtimeSeconds(null, null, now)).toBeNull();
		expect(downtimeSeconds('2026-11-24T16:00:00Z', null, now)).toBe(5400);
		expect(downtimeSeconds('2026-11-24T16:00:00Z', '2026-11-24T17:00:00.500Z', now)).toBe(3600.5);
	});
});

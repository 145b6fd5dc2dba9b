import {describe, expect, it} from 'vitest';
import {beatBeforeT1} from '../../source/domain/node-health.js';

describe('a heartbeat from before the stop', () => {
	it('is one written up to 3 s after T1 as seen by a poll up to 2 s old; a fresh one is not', () => {
		// Written 1.5 s before T1, read by a poll 2 s ago: its age is smaller than the time since T1.
		expect(beatBeforeT1(23, 24)).toBe(true);
		expect(beatBeforeT1(40, 24)).toBe(true);
		expect(beatBeforeT1(2, 24)).toBe(false);
		expect(beatBeforeT1(null, 24)).toBe(false);
		expect(beatBeforeT1(23, null)).toBe(false);
	});
});

import {afterEach, describe, expect, it, vi} from 'vitest';
import {closeGraceMs, withinGrace} from '../../source/adapters/close-grace.js';

afterEach(() => vi.useRealTimers());

describe('a goodbye within the close grace', () => {
	it('gives up on a goodbye that never answers once the grace is over, not before', async () => {
		vi.useFakeTimers();
		const giveUp = vi.fn();
		let ended = false;
		const waiting = withinGrace(new Promise(() => undefined), giveUp).then(() => (ended = true));
		await vi.advanceTimersByTimeAsync(closeGraceMs - 1);
		expect(giveUp).not.toHaveBeenCalled();
		expect(ended).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		await waiting;
		expect(giveUp).toHaveBeenCalledTimes(1);
	});

	it('keeps a goodbye that answers, and gives up at once on one that fails', async () => {
		const kept = vi.fn();
		await withinGrace(Promise.resolve(), kept);
		expect(kept).not.toHaveBeenCalled();
		const failed = vi.fn();
		await withinGrace(Promise.reject(new Error('connection lost')), failed);
		expect(failed).toHaveBeenCalledTimes(1);
	});
});

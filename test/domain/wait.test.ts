import {describe, expect, it} from 'vitest';
import {delay, waitFor} from '../../source/domain/wait.js';

describe('waitFor', () => {
	it('resolves with the value once the condition holds', async () => {
		let calls = 0;
		const value = await waitFor(
			() => {
				calls += 1;
				return calls >= 3 ? {ready: calls} : undefined;
			},
			{timeoutMs: 2000, intervalMs: 1},
		);
		expect(value).toEqual({ready: 3});
		expect(calls).toBe(3);
	});

	it('treats false as not yet and awaits an async condition', async () => {
		let calls = 0;
		const value = await waitFor(
			async () => {
				calls += 1;
				return calls === 2 ? 'up' : false;
			},
			{timeoutMs: 2000, intervalMs: 1},
		);
		expect(value).toBe('up');
		expect(calls).toBe(2);
	});

	it('resolves with 0 and the empty string, which are values', async () => {
		expect(await waitFor(() => 0, {timeoutMs: 50})).toBe(0);
		expect(await waitFor(() => '', {timeoutMs: 50})).toBe('');
	});

	it('calls the condition once when it already holds', async () => {
		let calls = 0;
		await waitFor(() => (calls += 1), {timeoutMs: 50});
		expect(calls).toBe(1);
	});

	it('rejects with the message on timeout', async () => {
		let calls = 0;
		const started = Date.now();
		await expect(
			waitFor(
				() => {
					calls += 1;
					return undefined;
				},
				{timeoutMs: 50, intervalMs: 10, message: 'container oms_429 did not start'},
			),
		).rejects.toThrow(new Error('container oms_429 did not start'));
		expect(calls).toBeGreaterThanOrEqual(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(45);
	});

	it('rejects with a default message naming the timeout in seconds', async () => {
		let calls = 0;
		const outcome = await waitFor(
			() => {
				calls += 1;
				return false;
			},
			{timeoutMs: 1500, intervalMs: 1000},
		).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(outcome).toEqual(new Error('timed out after 2s'));
		expect(calls).toBe(3);
	});

	it('rejects without polling again when the timeout is zero', async () => {
		let calls = 0;
		await expect(
			waitFor(
				() => {
					calls += 1;
					return false;
				},
				{timeoutMs: 0},
			),
		).rejects.toThrow(new Error('timed out after 0s'));
		expect(calls).toBe(1);
	});

	it('rejects at once with the reason of an already aborted signal, without calling the condition', async () => {
		let calls = 0;
		const controller = new AbortController();
		controller.abort(new Error('stopped by the operator'));
		await expect(
			waitFor(
				() => {
					calls += 1;
					return 'never';
				},
				{timeoutMs: 1000, signal: controller.signal},
			),
		).rejects.toThrow(new Error('stopped by the operator'));
		expect(calls).toBe(0);
	});

	it('stops waiting when the signal aborts between polls', async () => {
		let calls = 0;
		const controller = new AbortController();
		const started = Date.now();
		const waiting = waitFor(
			() => {
				calls += 1;
				if (calls === 1) setTimeout(() => controller.abort(new Error('cancelled')), 5);
				return undefined;
			},
			{timeoutMs: 10_000, intervalMs: 5000, signal: controller.signal},
		);
		await expect(waiting).rejects.toThrow(new Error('cancelled'));
		expect(calls).toBe(1);
		expect(Date.now() - started).toBeLessThan(1000);
	});
});

describe('delay', () => {
	it('resolves after the time', async () => {
		const started = Date.now();
		await delay(20);
		expect(Date.now() - started).toBeGreaterThanOrEqual(15);
	});

	it('rejects at once when the signal is already aborted (Ctrl-C before a long wait)', async () => {
		const controller = new AbortController();
		controller.abort(new Error('interrupted'));
		const started = Date.now();
		await expect(delay(300_000, controller.signal)).rejects.toThrow(new Error('interrupted'));
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('rejects with the abort reason', async () => {
		const controller = new AbortController();
		const waiting = delay(10_000, controller.signal);
		controller.abort(new Error('gone'));
		await expect(waiting).rejects.toThrow(new Error('gone'));
	});
});

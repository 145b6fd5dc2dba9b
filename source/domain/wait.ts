import {setTimeout as sleep} from 'node:timers/promises';

/** Polls `condition` until it holds, instead of sleeping blindly; rejects with `message` on timeout. */
export async function waitFor<T>(
	condition: () => T | undefined | false | Promise<T | undefined | false>,
	options: {timeoutMs: number; intervalMs?: number; message?: string; signal?: AbortSignal},
): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	const interval = options.intervalMs ?? 500;
	for (;;) {
		options.signal?.throwIfAborted();
		const value = await condition();
		if (value !== undefined && value !== false) return value;
		if (Date.now() >= deadline)
			throw new Error(options.message ?? `timed out after ${Math.round(options.timeoutMs / 1000)}s`);
		await delay(Math.min(interval, Math.max(0, deadline - Date.now())), options.signal);
	}
}

/** Waits `ms`; rejects at once when `signal` is (or becomes) aborted, with the signal's reason. */
export async function delay(ms: number, signal?: AbortSignal): Promise<void> {
	signal?.throwIfAborted();
	try {
		await sleep(ms, undefined, signal ? {signal} : {});
	} catch (error) {
		if (signal?.aborted) throw signal.reason;
		throw error;
	}
}

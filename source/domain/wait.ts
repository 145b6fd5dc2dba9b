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
		if (Date.now() >= deadline) throw new Error(options.message ?? `timed out after ${Math.round(options.timeoutMs / 1000)}s`);
		await delay(Math.min(interval, Math.max(0, deadline - Date.now())), options.signal);
	}
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason ?? new Error('aborted'));
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

import {formatBytes, formatDuration} from '../domain/format.js';

/** One coalesced progress report: what a reader needs for a bar, a rate and an ETA. */
export type ProgressSample = {
	/**
	 * When it was measured, by the coalescer's clock (ms): the event's time, so readers count what the engine counted.
	 */
	readonly at: number;
	/** Bytes sent so far. */
	readonly done: number;
	/** Bytes to send in all. */
	readonly total: number;
	/** Bytes per second over the last `windowMs` (null until there is a span to measure). */
	readonly rate: number | null;
	/** Seconds left at that rate (null without a rate). */
	readonly etaSec: number | null;
	/** True when this report crosses a quarter of the total (25, 50, 75, 100 %): worth a log line. */
	readonly milestone: boolean;
};

type Transfer = {
	/** When the last report went out (ms). */
	lastEmitAt: number;
	/** The last `done` offered, published or not: a smaller one starts a new transfer. */
	lastDone: number;
	/** Quarters of the total already marked (0–4). */
	quarter: number;
	/** (time, done) pairs, oldest first, spanning at least the rate window once there is enough history. */
	samples: Array<{readonly at: number; readonly done: number}>;
};

/**
 * Turns a flood of progress calls (one per chunk read: 2,500 for a 2.5 GiB package read 1 MiB at a time)
 * into at most one report per `intervalMs` per transfer, with a rate smoothed over the last few seconds.
 * The first report of a transfer and its last (done ≥ total) always go out. `clock` is injectable for tests.
 */
export class ProgressCoalescer {
	private readonly transfers = new Map<string, Transfer>();

	constructor(
		private readonly clock: () => number = Date.now,
		private readonly intervalMs = 100,
		private readonly windowMs = 3000,
	) {}

	/** The report to publish for this call, or undefined when it is coalesced into the next one. */
	offer(key: string, done: number, total: number): ProgressSample | undefined {
		const at = this.clock();
		let transfer = this.transfers.get(key);
		// A new transfer under the same key (a retry starts again from 0): forget the old one's history.
		if (transfer && done < transfer.lastDone) transfer = undefined;
		const first = !transfer;
		transfer ??= {lastEmitAt: -Infinity, lastDone: 0, quarter: 0, samples: []};
		this.transfers.set(key, transfer);
		transfer.lastDone = done;
		const last = done >= total;
		if (!first && !last && at - transfer.lastEmitAt < this.intervalMs) return undefined;
		transfer.lastEmitAt = at;
		transfer.samples.push({at, done});
		// Keep the newest sample at or before the window's start as the baseline, drop older ones.
		while (transfer.samples.length > 2 && (transfer.samples[1]?.at ?? at) <= at - this.windowMs)
			transfer.samples.shift();
		const base = transfer.samples[0] ?? {at, done};
		const span = (at - base.at) / 1000;
		const rate = span > 0 ? (done - base.done) / span : null;
		const etaSec = rate && rate > 0 ? Math.max(0, (total - done) / rate) : last ? 0 : null;
		const quarter = total > 0 ? Math.min(4, Math.floor((done / total) * 4)) : 4;
		const milestone = quarter > transfer.quarter;
		transfer.quarter = quarter;
		if (last) this.transfers.delete(key);
		return {at, done, total, rate, etaSec, milestone};
	}
}

/** A quarter mark as a log line: `sent 812.0 MiB of 2.3 GiB (35%) · 94.0 MiB/s · ETA 16s`. */
export function progressText(report: ProgressSample): string {
	const percent = report.total > 0 ? Math.floor((report.done / report.total) * 100) : 100;
	const rate = report.rate === null ? '' : ` · ${formatBytes(report.rate)}/s`;
	const eta =
		report.done >= report.total ? '' : report.etaSec === null ? '' : ` · ETA ${formatDuration(report.etaSec)}`;
	return `sent ${formatBytes(report.done)} of ${formatBytes(report.total)} (${percent}%)${rate}${eta}`;
}

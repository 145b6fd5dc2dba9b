import {describe, expect, it} from 'vitest';
import {ProgressCoalescer, progressText, type ProgressSample} from '../../source/engine/progress-coalescer.js';

const MiB = 1_048_576;
const chunk = 64 * 1024;

/** A fake clock a test moves by hand. */
function fakeClock(start = 1_000_000) {
	let time = start;
	return {now: () => time, advance: (ms: number) => (time += ms)};
}

/** Feeds `bytes` in 64 KiB chunks at `mibPerSec` (time moves between chunks); returns each report with its time. */
function feed(
	coalescer: ProgressCoalescer,
	clock: ReturnType<typeof fakeClock>,
	key: string,
	from: number,
	bytes: number,
	total: number,
	mibPerSec: number,
) {
	const reports: ProgressSample[] = [];
	for (let done = from; done < from + bytes;) {
		const step = Math.min(chunk, from + bytes - done);
		done += step;
		clock.advance((step / (mibPerSec * MiB)) * 1000);
		const report = coalescer.offer(key, done, total);
		if (report) reports.push(report);
	}
	return reports;
}

describe('ProgressCoalescer', () => {
	it('turns 40,000 chunk reports of a 2.5 GiB package into at most 10 a second, first and last included', () => {
		const clock = fakeClock();
		const coalescer = new ProgressCoalescer(clock.now);
		const total = 2560 * MiB;
		const start = clock.now();
		const reports = feed(coalescer, clock, 'stage-image|n1', 0, total, total, 100);
		const seconds = (clock.now() - start) / 1000;
		expect(seconds).toBeCloseTo(25.6, 1);
		expect(reports.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1);
		expect(reports.length).toBeGreaterThan(seconds * 9);
		expect(reports[0]!.done).toBe(chunk);
		expect(reports.at(-1)).toMatchObject({done: total, total, etaSec: 0});
		// No second (by the clock) holds more than 10 reports.
		const perSecond = new Map<number, number>();
		for (const report of reports)
			perSecond.set(
				Math.floor((report.at - start) / 1000),
				(perSecond.get(Math.floor((report.at - start) / 1000)) ?? 0) + 1,
			);
		expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(10);
	});

	it('gives a rate smoothed over the last 3 s and the ETA at that rate', () => {
		const clock = fakeClock();
		const coalescer = new ProgressCoalescer(clock.now);
		const total = 1000 * MiB;
		const first = feed(coalescer, clock, 'k', 0, 300 * MiB, total, 100);
		expect(first[0]!.rate).toBeNull();
		expect(first[0]!.etaSec).toBeNull();
		const steady = first.at(-1)!;
		expect(steady.rate! / MiB).toBeCloseTo(100, 0);
		expect(steady.etaSec!).toBeCloseTo(7, 0);
		// The link slows to 20 MiB/s: one second later the rate is between the two, three seconds later it is the new
		// one.
		const slower = feed(coalescer, clock, 'k', 300 * MiB, 20 * MiB, total, 20);
		expect(slower.at(-1)!.rate! / MiB).toBeGreaterThan(25);
		expect(slower.at(-1)!.rate! / MiB).toBeLessThan(90);
		const settled = feed(coalescer, clock, 'k', 320 * MiB, 60 * MiB, total, 20).at(-1)!;
		expect(settled.rate! / MiB).toBeCloseTo(20, 0);
		expect(settled.etaSec!).toBeCloseTo(620 / 20, 0);
	});

	it('coalesces each node on its own, and marks each quarter once', () => {
		const clock = fakeClock();
		const coalescer = new ProgressCoalescer(clock.now);
		const total = 100 * MiB;
		const milestones: {a: number[]; b: number[]} = {a: [], b: []};
		for (let done = chunk; done <= total; done += chunk) {
			clock.advance(1);
			for (const key of ['a', 'b']) {
				const report = coalescer.offer(key, done, total);
				if (report?.milestone) milestones[key as 'a' | 'b'].push(Math.floor((report.done / total) * 100));
			}
		}
		// 1600 chunks in 1.6 s: each key got its own ~17 reports; quarters are logged as the first report past them.
		expect(milestones.a).toEqual(milestones.b);
		expect(milestones.a).toHaveLength(4);
		expect(milestones.a.at(-1)).toBe(100);
		expect(milestones.a.slice(0, 3).map(percent => Math.floor(percent / 25))).toEqual([1, 2, 3]);
	});

	it('starts afresh when a transfer starts again from the beginning (a retry)', () => {
		const clock = fakeClock();
		const coalescer = new ProgressCoalescer(clock.now);
		const total = 50 * MiB;
		feed(coalescer, clock, 'k', 0, 20 * MiB, total, 100);
		const again = feed(coalescer, clock, 'k', 0, 1 * MiB, total, 100);
		expect(again[0]).toMatchObject({done: chunk, rate: null, milestone: false});
	});

	it('always lets the last report through, even right after another', () => {
		const clock = fakeClock();
		const coalescer = new ProgressCoalescer(clock.now);
		expect(coalescer.offer('k', 10, 30)).toBeDefined();
		expect(coalescer.offer('k', 20, 30)).toBeUndefined();
		expect(coalescer.offer('k', 30, 30)).toMatchObject({done: 30, total: 30, milestone: true});
	});
});

describe('progressText', () => {
	it('says bytes, percent, rate and ETA; the last one no ETA', () => {
		expect(progressText({at: 0, done: 812 * MiB, total: 2310 * MiB, rate: 94 * MiB, etaSec: 16, milestone: true})).toBe(
			'sent 812.0 MiB of 2.3 GiB (35%) · 94.0 MiB/s · ETA 16s',
		);
		expect(progressText({at: 0, done: 2310 * MiB, total: 2310 * MiB, rate: 94 * MiB, etaSec: 0, milestone: true})).toBe(
			'sent 2.3 GiB of 2.3 GiB (100%) · 94.0 MiB/s',
		);
		expect(progressText({at: 0, done: 1, total: 2, rate: null, etaSec: null, milestone: true})).toBe(
			'sent 1 B of 2 B (50%)',
		);
	});
});

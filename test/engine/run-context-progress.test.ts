import {describe, expect, it} from 'vitest';
import type {Discovery} from '../../source/config/discover-cluster.js';
import type {UpgradeModel} from '../../source/config/resolve-plan.js';
import type {Journal} from '../../source/domain/journal-types.js';
import {EventBus, type EngineEvent} from '../../source/domain/events.js';
import {runContext} from '../../source/engine/run-context.js';
import type {RunPorts} from '../../source/ports/run-ports.js';

const MiB = 1_048_576;

/** The run context's progress port with a fake clock: only what a step reports and the bus carries matter here. */
function contextWithClock() {
	let time = 0;
	const bus = new EventBus();
	const events: EngineEvent[] = [];
	bus.subscribe(event => events.push(event));
	const ctx = runContext({
		model: {plan: {workdir: '/nonexistent'}} as unknown as UpgradeModel,
		discovery: {} as Discovery,
		journal: {attempt: '20261125T000000'} as Journal,
		steps: [],
		bus,
		yes: true,
		confirm: async () => true,
		signal: new AbortController().signal,
		clock: () => time,
		// Progress touches no port.
		ports: {} as RunPorts,
	});
	return {ctx, events, advance: (ms: number) => (time += ms)};
}

describe('the run context coalesces progress for every observer', () => {
	it('publishes at most 10 reports a second per node, with rate and ETA, the last one always, and a log line per quarter', () => {
		const {ctx, events, advance} = contextWithClock();
		ctx.current = 'stage-image';
		const total = 400 * MiB;
		// Two nodes, 64 KiB chunks interleaved, each at 200 MiB/s: 2 s of transfer, 6,400 calls per node.
		for (let done = 64 * 1024; done <= total; done += 64 * 1024) {
			advance((64 * 1024 * 1000) / (200 * MiB));
			ctx.progress('10.0.0.2', done, total);
			ctx.progress('10.0.0.3', done, total);
		}
		for (const node of ['10.0.0.2', '10.0.0.3']) {
			const progress = events.filter(
				(event): event is Extract<EngineEvent, {type: 'progress'}> => event.type === 'progress' && event.node === node,
			);
			expect(progress.length).toBeLessThanOrEqual(21);
			expect(progress.length).toBeGreaterThanOrEqual(19);
			expect(progress.at(-1)).toMatchObject({step: 'stage-image', done: total, total, unit: 'bytes', etaSec: 0});
			expect(progress.at(-1)!.rate! / MiB).toBeCloseTo(200, 0);
			const logs = events
				.filter(event => event.type === 'log' && event.node === node)
				.map(event => (event as {text: string}).text);
			expect(logs).toHaveLength(4);
			expect(logs[0]).toMatch(/^sent 100\.\d MiB of 400\.0 MiB \(25%\) · 200\.0 MiB\/s · ETA 1s$/);
			expect(logs.at(-1)).toBe('sent 400.0 MiB of 400.0 MiB (100%) · 200.0 MiB/s');
		}
	});

	it('reports nothing outside a step', () => {
		const {ctx, events} = contextWithClock();
		ctx.progress('10.0.0.2', 1, 1);
		expect(events).toEqual([]);
	});
});

import {describe, expect, it} from 'vitest';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';

/**
 * The console's quit question holds the run between steps: while the operator decides, the step under way
 * finishes and no other begins; quitting then stops before the next step, as Ctrl-C does.
 */
describe('a run held between steps', () => {
	it('begins no step while held; quitting then stops before the next step, which never began', async () => {
		const cluster = new FakeCluster();
		const haFound = cluster.metadbState.ha;
		const abort = new AbortController();
		let waits = 0;
		let release = () => {};
		let heldNow = () => {};
		const held = new Promise<void>(resolve => (heldNow = resolve));
		const running = fakeRun(cluster, 'run', {
			signal: abort.signal,
			// Held before the second step (disable-ha): the operator pressed q during stage-image.
			betweenSteps: async () => {
				waits += 1;
				if (waits !== 2) return;
				heldNow();
				await new Promise<void>(resolve => (release = resolve));
			},
		});
		await held;
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(waits).toBe(2);
		expect(cluster.metadbState.ha).toBe(haFound);
		// Yes to quit: the run is aborted, then let go.
		abort.abort(new Error('interrupted from the console'));
		release();
		const {result, events, questions} = await running;
		expect(result.outcome).toBe('interrupted');
		expect(result.message).toMatch(/^interrupted at disable-ha/);
		expect(new Set(events.filter(event => event.type === 'step-started').map(event => event.step))).toEqual(
			new Set(['stage-image']),
		);
		expect(questions.some(question => /disable|HA/i.test(question))).toBe(false);
		expect(cluster.metadbState.ha).toBe(haFound);
	});

	it('goes on when let go without quitting (No at the quit question)', async () => {
		const cluster = new FakeCluster();
		let waits = 0;
		const {result} = await fakeRun(cluster, 'run', {
			yes: true,
			betweenSteps: async () => {
				waits += 1;
				await new Promise(resolve => setTimeout(resolve, 1));
			},
		});
		expect(result.outcome).toBe('succeeded');
		// Once before each upgrade step after preflight.
		expect(waits).toBe(9);
	});
});

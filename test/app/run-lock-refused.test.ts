import {describe, expect, it} from 'vitest';
import {executeWith} from '../../source/app/run.js';
import {EventBus} from '../../source/domain/events.js';
import {ExternalError, OmsError} from '../../source/domain/errors.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';
import {fakeWiring} from '../helpers/fakes/fake-wiring.js';

const unreachable = new ExternalError('MetaDB 10.0.0.10:2883: cannot connect: connect ETIMEDOUT.', {
	hint: 'Check that the MetaDB at 10.0.0.10:2883 runs and that this machine can reach it.',
});

function options(cluster: FakeCluster) {
	return {
		plan: cluster.model.plan,
		command: 'run' as const,
		yes: true,
		bus: new EventBus(),
		confirm: async () => true,
		signal: new AbortController().signal,
	};
}

describe('the run lock cannot be taken', () => {
	it('a MetaDB that cannot be reached stops the run before any step, exit 3, nothing written', async () => {
		const cluster = new FakeCluster();
		const wiring = {...fakeWiring(cluster), lock: () => Promise.reject(unreachable)};
		await expect(executeWith(options(cluster), wiring)).rejects.toMatchObject({
			exitCode: 3,
			message: expect.stringMatching(
				/^cannot take the run lock: MetaDB 10\.0\.0\.10:2883: cannot connect: .* Nothing was run\.$/,
			),
			hint: unreachable.hint,
		});
		expect(cluster.log.writes()).toEqual([]);
	});

	it('mid-upgrade, the refusal also says what stays changed (OMS down, HA off)', async () => {
		const cluster = new FakeCluster();
		// Stopped after stop-old: OMS is down, HA is off.
		const {journal, result} = await fakeRun(cluster, 'run', {answers: [true, false]});
		expect(result.message).toMatch(/^paused at start-new/);
		expect(journal.t1).not.toBeNull();
		const wiring = {...fakeWiring(cluster, () => journal), lock: () => Promise.reject(unreachable)};
		await expect(executeWith(options(cluster), wiring)).rejects.toMatchObject({
			exitCode: 3,
			message: expect.stringContaining('Nothing was run. OMS is DOWN'),
		});
	});

	it('another run holding the lock stays a refusal of its own (exit 1)', async () => {
		const cluster = new FakeCluster();
		const held = new OmsError('another oms-upgrade holds the MetaDB lock oms-upgrade:oms_rm (root@jump pid 7)', {
			exitCode: 1,
		});
		const wiring = {...fakeWiring(cluster), lock: () => Promise.reject(held)};
		await expect(executeWith(options(cluster), wiring)).rejects.toBe(held);
		// Mid-upgrade too: the holder is changing the cluster, so no state read from the journal is added
		// (it said "OMS may be DOWN: start-new did not finish and the cluster could not be read again").
		const {journal} = await fakeRun(cluster, 'run', {answers: [true, false]});
		const midway = {...fakeWiring(cluster, () => journal), lock: () => Promise.reject(held)};
		await expect(executeWith(options(cluster), midway)).rejects.toBe(held);
	});
});

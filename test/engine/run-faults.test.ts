import {describe, expect, it} from 'vitest';
import type {RunResult} from '../../source/engine/run-result.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';

/** The calls a clean upgrade makes, in order: each one is failed, then interrupted, in a run of its own. */
async function cleanCalls(): Promise<string[]> {
	const cluster = new FakeCluster();
	await fakeRun(cluster, 'run');
	return cluster.log.calls.map(call => `${call.port} ${call.node ?? 'cluster'} ${call.what}`);
}

const upgraded = ['10.0.0.2 oms_428:exited oms_428_429:running', '10.0.0.3 oms_428:exited oms_428_429:running'];

/** The end state of an upgrade, however many runs it took. */
function expectUpgraded(cluster: FakeCluster, result: RunResult, why: string): void {
	expect(result.outcome, why).toBe('succeeded');
	expect(cluster.containers(), why).toEqual(upgraded);
	expect(JSON.parse(cluster.metadbState.ha), why).toMatchObject({enable: true, perceiveStoreClientCheckpoint: true});
	// docker_init.sh migrates the metadata: never twice, whatever happened in between.
	expect(cluster.engine('10.0.0.2').initRuns, why).toBe(1);
}

describe('an upgrade that meets a failure or an interruption at any port call', async () => {
	const calls = await cleanCalls();

	it('makes the same calls every time (the fault tests below depend on it)', async () => {
		expect(await cleanCalls()).toEqual(calls);
		expect(calls.length).toBeGreaterThan(50);
	});

	it('fails at that call, keeps its journal, and the next run resumes to the same upgraded cluster', async () => {
		for (const [index, call] of calls.entries()) {
			const cluster = new FakeCluster();
			cluster.log.failAt = (_call, at) => (at === index ? new Error(`injected failure of ${call}`) : undefined);
			let first: RunResult;
			try {
				first = (await fakeRun(cluster, 'run')).result;
			} catch (error) {
				// Only the run's first journal write may escape the session: nothing has been done yet.
				expect(index, `${call}: ${String(error)}`).toBe(0);
				first = {outcome: 'failed', exitCode: 1, message: String(error)};
			}
			if (first.outcome === 'succeeded') {
				// verify retries a MetaDB hiccup until its timeout; the journal and report written after the last
				// step are warned about. Those are the only failures a run absorbs.
				const closing = index >= calls.lastIndexOf('journal cluster save journal');
				if (!closing) expect(call, first.message).toMatch(/^sql cluster SELECT h\.ip, h\.host_status/);
				expectUpgraded(cluster, first, call);
				continue;
			}
			// A dump that cannot be read when a precondition checks it is a refusal (exit 2), anything else a failure.
			expect([first.outcome, first.exitCode], call).toEqual(
				call.startsWith('file cluster sha256') && first.outcome === 'refused' ? ['refused', 2] : ['failed', 1],
			);
			cluster.log.failAt = undefined;
			const journal = cluster.saved.at(-1);
			const second = await fakeRun(cluster, 'run', journal ? {journal: structuredClone(journal)} : {});
			expectUpgraded(cluster, second.result, `after a failure of ${call}: ${first.message} / ${second.result.message}`);
		}
	}, 120_000);

	it('is interrupted after that call (exit 130, the call itself finishes), and the next run resumes', async () => {
		for (const [index, call] of calls.entries()) {
			const cluster = new FakeCluster();
			const controller = new AbortController();
			cluster.log.onCall = (_call, at) => {
				if (at === index) controller.abort(new Error('SIGINT'));
			};
			const first = await fakeRun(cluster, 'run', {signal: controller.signal});
			if (first.result.outcome !== 'succeeded') {
				expect(first.result, call).toMatchObject({outcome: 'interrupted', exitCode: 130});
			}
			cluster.log.onCall = undefined;
			const second = await fakeRun(cluster, 'run', {journal: structuredClone(cluster.saved.at(-1)!)});
			expectUpgraded(
				cluster,
				second.result,
				`after an interruption at ${call}: ${first.result.message} / ${second.result.message}`,
			);
		}
	}, 120_000);
});

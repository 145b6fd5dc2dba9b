import {describe, expect, it} from 'vitest';
import type {Journal} from '../../source/domain/journal-types.js';
import type {RunResult} from '../../source/engine/run-result.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';

/** A cluster upgraded by a clean run, its journal, and the calls from there on belong to the rollback. */
async function upgraded(): Promise<{cluster: FakeCluster; journal: Journal; found: string; from: number}> {
	const cluster = new FakeCluster();
	const found = cluster.metadbState.ha;
	const {journal} = await fakeRun(cluster, 'run');
	return {cluster, journal, found, from: cluster.log.calls.length};
}

async function rollbackCalls(): Promise<string[]> {
	const {cluster, journal, from} = await upgraded();
	await fakeRun(cluster, 'rollback', {journal});
	return cluster.log.calls.slice(from).map(call => `${call.port} ${call.node ?? 'cluster'} ${call.what}`);
}

const rolledBack = [
	'10.0.0.2 oms_428:running oms_428_429-20261125T030000:exited',
	'10.0.0.3 oms_428:running oms_428_429-20261125T030000:exited',
];

function expectRolledBack(cluster: FakeCluster, found: string, result: RunResult, why: string): void {
	expect(result.outcome, why).toBe('rolled-back');
	expect(cluster.containers(), why).toEqual(rolledBack);
	// HA back on with every key found, and the guide's rule over the old OMS's outage (the plan says perceive).
	expect(JSON.parse(cluster.metadbState.ha), why).toEqual({...JSON.parse(found), perceiveStoreClientCheckpoint: true});
	expect(new Set(cluster.restored), why).toEqual(new Set(['oms_rm', 'oms_cm', 'oms_cm_hb']));
	expect(cluster.archived, why).toEqual(['20261125T030000']);
}

describe('a rollback that meets a failure or an interruption at any port call', async () => {
	const calls = await rollbackCalls();

	it('fails at that call and the next rollback finishes it', async () => {
		expect(calls.length).toBeGreaterThan(30);
		for (const [index, call] of calls.entries()) {
			const {cluster, journal, found, from} = await upgraded();
			cluster.log.failAt = (_call, at) => (at === from + index ? new Error(`injected failure of ${call}`) : undefined);
			const first = await fakeRun(cluster, 'rollback', {journal}).catch((error: unknown) => {
				// Only the run's first journal write may escape the session: nothing has been done yet.
				expect(index, `${call}: ${String(error)}`).toBe(0);
				return {result: {outcome: 'failed', exitCode: 1, message: String(error)} satisfies RunResult};
			});
			cluster.log.failAt = undefined;
			if (first.result.outcome === 'rolled-back' && call.startsWith('journal cluster archive')) {
				// The journal could not be archived (warned): the attempt stays open until a rollback closes it.
				expect(cluster.archived).toEqual([]);
				const again = await fakeRun(cluster, 'rollback', {journal: structuredClone(cluster.saved.at(-1)!)});
				expectRolledBack(cluster, found, again.result, call);
				continue;
			}
			if (first.result.outcome === 'rolled-back') {
				// Retried reads (rb-verify's MetaDB poll) and the writes after the last step are absorbed, with a
				// warning.
				expectRolledBack(cluster, found, first.result, call);
				continue;
			}
			expect(first.result.outcome, `${call}: ${first.result.message}`).toMatch(/^(failed|refused)$/);
			const second = await fakeRun(cluster, 'rollback', {journal: structuredClone(cluster.saved.at(-1)!)});
			expectRolledBack(
				cluster,
				found,
				second.result,
				`after a failure of ${call}: ${first.result.message} / ${second.result.message}`,
			);
		}
	}, 120_000);

	it('is interrupted after that call and the next rollback finishes it', async () => {
		for (const [index, call] of calls.entries()) {
			const {cluster, journal, found, from} = await upgraded();
			const controller = new AbortController();
			cluster.log.onCall = (_call, at) => {
				if (at === from + index) controller.abort(new Error('SIGINT'));
			};
			const first = await fakeRun(cluster, 'rollback', {journal, signal: controller.signal});
			cluster.log.onCall = undefined;
			if (first.result.outcome === 'rolled-back') continue;
			expect(first.result, call).toMatchObject({outcome: 'interrupted', exitCode: 130});
			const second = await fakeRun(cluster, 'rollback', {journal: structuredClone(cluster.saved.at(-1)!)});
			expectRolledBack(
				cluster,
				found,
				second.result,
				`after an interruption at ${call}: ${first.result.message} / ${second.result.message}`,
			);
		}
	}, 120_000);
});

import {describe, expect, it} from 'vitest';
import {EventBus} from '../../source/domain/events.js';
import {executeWith} from '../../source/app/run.js';
import {cleanBatchRows} from '../../source/steps/clean-heartbeat.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeWiring} from '../helpers/fakes/fake-wiring.js';

describe('clean-heartbeat', () => {
	it('deletes in batches of at most cleanBatchRows, keeps the newest row, and counts every batch', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const ids = Array.from({length: cleanBatchRows * 2 + 5}, (_, index) => index + 1);
		cluster.metadbState.sequences.set('oms_cm_hb', ids);
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		const result = await executeWith({...options, command: 'run'}, fakeWiring(cluster));
		expect(result.outcome).toBe('succeeded');
		expect(cluster.metadbState.sequences.get('oms_cm_hb')).toEqual([ids.at(-1)]);
		const deletes = cluster.log.calls.filter(
			call => call.port === 'sql' && call.what.startsWith('DELETE FROM `oms_cm_hb`'),
		);
		expect(deletes).toHaveLength(3);
		expect(cluster.saved.at(-1)!.steps['clean-heartbeat']!.reason).toContain(
			`oms_cm_hb: ${ids.length - 1} rows removed`,
		);
	});
});

import {describe, expect, it} from 'vitest';
import {haStateWords} from '../../source/engine/ha-state.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';

describe('HA in status words', () => {
	it('after a finished upgrade, with ha.config unread, says it is unknown and what the journal did, not OFF', async () => {
		const cluster = new FakeCluster();
		const {journal, result} = await fakeRun(cluster, 'run', {yes: true});
		expect(result.outcome).toBe('succeeded');
		const words = haStateWords(journal, undefined);
		expect(words).toMatch(/^unknown \(ha\.config unreadable\); the journal says enable-ha turned it on at /);
		expect(words).not.toMatch(/OFF/);
		expect(haStateWords(journal, cluster.metadbState.ha)).toBe('on (enabled again by this attempt)');
	});

	it('with HA disabled by the attempt and unread, says the journal disabled it, not that it is OFF now', async () => {
		const cluster = new FakeCluster();
		const {journal} = await fakeRun(cluster, 'run', {yes: true, only: 'disable-ha'});
		expect(haStateWords(journal, undefined)).toBe(
			`unknown (ha.config unreadable); the journal says attempt ${journal.attempt} disabled it`,
		);
		expect(haStateWords(journal, cluster.metadbState.ha)).toMatch(/^OFF: disabled by attempt /);
	});

	it('with a rollback in progress, points at the rollback, not at run (which it refuses)', async () => {
		const cluster = new FakeCluster();
		const {journal} = await fakeRun(cluster, 'run', {yes: true, only: 'disable-ha'});
		journal.rollback = {kind: 'ha-only', reason: 'HA only', decidedAt: '2026-12-06T00:00:00Z'};
		const words = haStateWords(journal, cluster.metadbState.ha);
		expect(words).toBe(
			`OFF: attempt ${journal.attempt} is being rolled back; \`oms-upgrade rollback\` finishes the rollback and puts it back`,
		);
		expect(words).not.toContain('oms-upgrade run');
	});
});

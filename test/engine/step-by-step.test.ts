import {describe, expect, it} from 'vitest';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';

/** An operator going one step at a time with --only, answering No once. */
describe('one step at a time', () => {
	it('a No at stop-old after disable-ha puts HA back and says the next run begins at disable-ha; following it works', async () => {
		const cluster = new FakeCluster();
		let {journal} = await fakeRun(cluster, 'run', {only: 'stage-image', yes: true});
		({journal} = await fakeRun(cluster, 'run', {journal, only: 'disable-ha', answers: [true]}));
		const no = await fakeRun(cluster, 'run', {journal, only: 'stop-old', answers: [false]});
		expect(no.result.message).toContain('run again to continue from disable-ha, which disables HA again.');
		expect(no.result.message).not.toContain('continue from here');
		expect(no.result.message).toContain('ha.config put back as found');
		// As said: disable-ha first (--only stop-old now is refused, saying the same), then stop-old.
		const refused = await fakeRun(cluster, 'run', {journal: no.journal, only: 'stop-old', answers: [true]});
		expect(refused.result.outcome).toBe('refused');
		expect(refused.result.message).toContain('disable-ha has not been done');
		const again = await fakeRun(cluster, 'run', {journal: no.journal, only: 'disable-ha', answers: [true]});
		expect(again.result.outcome).toBe('paused');
		const stopped = await fakeRun(cluster, 'run', {journal: again.journal, only: 'stop-old', answers: [true]});
		expect(stopped.result.message).toMatch(/^paused at clean-heartbeat/);
	});
});

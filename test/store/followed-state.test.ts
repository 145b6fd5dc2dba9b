import {describe, expect, it} from 'vitest';
import {followedState, initialPanelState} from '../../source/store/initial-state.js';
import {rollbackSteps, upgradeSteps} from '../../source/steps/index.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';

describe('the panel following the journal', () => {
	it("shows a run made elsewhere: its steps, its clocks and the attempt's source version", async () => {
		const cluster = new FakeCluster();
		const before = initialPanelState(cluster.model, undefined, upgradeSteps, rollbackSteps);
		const {journal} = await fakeRun(cluster, 'run', {yes: true});
		const followed = followedState(before, journal, upgradeSteps, rollbackSteps);
		expect(followed.steps.map(step => step.status)).toEqual(upgradeSteps.map(() => 'succeeded'));
		expect(followed.t1).toBe(journal.t1);
		expect(followed.t2).toBe(journal.t2);
		expect(followed.mode).toBe('upgrade');
		expect(followed.from).toBe(journal.from);
		// The node cards too: each node's image staged and its init as the journal says.
		expect(before.nodes.map(node => [node.imageStaged, node.init])).toEqual(before.nodes.map(() => [false, null]));
		expect(followed.nodes.map(node => node.imageStaged)).toEqual(before.nodes.map(() => true));
		expect(followed.nodes.map(node => node.init)).toEqual(
			before.nodes.map(node => journal.steps.init?.nodes[node.host]?.status ?? null),
		);
		expect(followed.nodes.some(node => node.init === 'succeeded')).toBe(true);
	});

	it('after a rollback closed the attempt: the next checklist, and the version that runs again is the source', async () => {
		const cluster = new FakeCluster();
		const {journal} = await fakeRun(cluster, 'run', {yes: true});
		// Opened on the upgraded cluster, discovery reads the target version; the open journal says the source.
		const opened = initialPanelState({...cluster.model, from: journal.to}, journal, upgradeSteps, rollbackSteps);
		expect(opened.from).toBe(journal.from);
		await fakeRun(cluster, 'rollback', {journal, yes: true});
		const during = followedState(opened, journal, upgradeSteps, rollbackSteps);
		expect(during.mode).toBe('rollback');
		const closed = followedState(during, undefined, upgradeSteps, rollbackSteps);
		expect(closed.from).toBe(journal.from);
		expect(closed.from).not.toBe(journal.to);
		expect(closed.steps.every(step => step.status === 'pending')).toBe(true);
		expect(closed.mode).toBe('upgrade');
		expect(closed.t1).toBeNull();
	});

	it('keeps the warnings the panel counted while the step stays as it was', async () => {
		const cluster = new FakeCluster();
		const {journal} = await fakeRun(cluster, 'run', {yes: true});
		const shown = initialPanelState(cluster.model, journal, upgradeSteps, rollbackSteps);
		const warned = {
			...shown,
			steps: shown.steps.map(step => (step.id === 'preflight' ? {...step, warnings: 2} : step)),
		};
		const followed = followedState(warned, journal, upgradeSteps, rollbackSteps);
		expect(followed.steps.find(step => step.id === 'preflight')?.warnings).toBe(2);
		const reset = followedState(warned, undefined, upgradeSteps, rollbackSteps);
		expect(reset.steps.find(step => step.id === 'preflight')?.warnings).toBeUndefined();
	});
});

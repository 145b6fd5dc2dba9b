import {describe, expect, it} from 'vitest';
import {FakeCluster, packageId} from '../helpers/fakes/fake-cluster.js';
import {fakeRun, passedPreflight} from '../helpers/fakes/fake-run.js';

describe('the run session over fake ports', () => {
	it('upgrades: every step in order, the containers swapped, HA back on, T1 and T2 recorded', async () => {
		const cluster = new FakeCluster();
		const {result, journal, questions} = await fakeRun(cluster, 'run');
		expect(result).toEqual({
			outcome: 'succeeded',
			exitCode: 0,
			message: 'succeeded: OMS upgraded to 4.2.9-CE (attempt 20261125T030000).',
		});
		expect(cluster.containers()).toEqual([
			'10.0.0.2 oms_428:exited oms_428_429:running',
			'10.0.0.3 oms_428:exited oms_428_429:running',
		]);
		expect(JSON.parse(cluster.metadbState.ha)).toEqual({
			enable: true,
			perceiveStoreClientCheckpoint: true,
			refetchStoreIntervalMin: 30,
		});
		expect(cluster.metadbState.sequences.get('oms_cm_hb')).toEqual([4]);
		expect(cluster.engine('10.0.0.2').initRuns).toBe(1);
		expect(cluster.engine('10.0.0.3').initRuns).toBe(0);
		expect(journal.t1).not.toBeNull();
		expect(journal.t2).not.toBeNull();
		expect(journal.nodes['10.0.0.2']).toMatchObject({imageId: packageId, oldContainerId: 'oms_428-id-1'});
		// One question per destructive step (stop-old asked before disable-ha), none twice.
		expect(questions.map(question => question.split(':')[0])).toEqual(['stop-old', 'start-new', 'init']);
		expect(cluster.log.writes('docker')).toEqual([
			'10.0.0.2: loadImage /fake/oms_4.2.9-ce.tar.gz',
			'10.0.0.3: loadImage /fake/oms_4.2.9-ce.tar.gz',
			'10.0.0.2: stopContainer oms_428 -t 60',
			'10.0.0.3: stopContainer oms_428 -t 60',
			'10.0.0.2: createContainer oms_428_429',
			'10.0.0.3: createContainer oms_428_429',
			'10.0.0.2: startContainer oms_428_429',
			'10.0.0.3: startContainer oms_428_429',
			'10.0.0.2: exec oms_428_429 bash /root/docker_init.sh',
		]);
		const report = JSON.parse(cluster.files.get('/fake/workdir/report.json')!) as {outcome: string; backups: unknown[]};
		expect(report.outcome).toBe('succeeded');
		expect(report.backups).toHaveLength(3);
	});

	it('a No at the stop-old question changes nothing at all (asked before HA is touched)', async () => {
		const cluster = new FakeCluster();
		const before = cluster.metadbState.ha;
		const {result} = await fakeRun(cluster, 'run', {answers: [false]});
		expect(result.outcome).toBe('paused');
		expect(result.exitCode).toBe(1);
		expect(result.message).toMatch(/^paused at disable-ha: stop-old was not confirmed/);
		expect(cluster.metadbState.ha).toBe(before);
		expect(cluster.log.writes('sql')).toEqual([]);
		expect(cluster.containers()).toEqual(['10.0.0.2 oms_428:running', '10.0.0.3 oms_428:running']);
	});

	it("rolls back an upgrade that finished: new containers kept, stopped and renamed; dumps restored; old containers and HA as found under the guide's rule", async () => {
		const cluster = new FakeCluster();
		const found = cluster.metadbState.ha;
		const upgrade = await fakeRun(cluster, 'run');
		const {result, journal} = await fakeRun(cluster, 'rollback', {journal: upgrade.journal});
		expect(result).toMatchObject({outcome: 'rolled-back', exitCode: 0});
		expect(journal.rollback?.kind).toBe('restore');
		expect(cluster.restored).toEqual(['oms_rm', 'oms_cm', 'oms_cm_hb']);
		expect(cluster.containers()).toEqual([
			'10.0.0.2 oms_428:running oms_428_429-20261125T030000:exited',
			'10.0.0.3 oms_428:running oms_428_429-20261125T030000:exited',
		]);
		expect(JSON.parse(cluster.metadbState.ha)).toEqual({...JSON.parse(found), perceiveStoreClientCheckpoint: true});
		expect(result.message).toMatch(
			/ ha\.config is now \{"enable":true,"perceiveStoreClientCheckpoint":true,"refetchStoreIntervalMin":30\}\.$/,
		);
		expect(journal.t3).not.toBeNull();
		expect(journal.t4).not.toBeNull();
	});

	it("HA after a rollback covers the old OMS's whole outage: refetchStoreIntervalMin found at 1 becomes more than the outage plus the margin", async () => {
		const cluster = new FakeCluster({
			ha: '{"enable":true,"perceiveStoreClientCheckpoint":false,"refetchStoreIntervalMin":1,"checkHostDownIntervalSec":540}',
		});
		const plan = cluster.model.plan;
		Object.assign(cluster.model, {plan: {...plan, ha: {...plan.ha, after: 'refetch', refetchMarginMin: 5}}});
		const upgrade = await fakeRun(cluster, 'run', {yes: true});
		// A 2-minute outage: T1 two minutes before the rollback's end.
		const journal = {...upgrade.journal, t1: new Date(Date.now() - 120_000).toISOString()};
		const {result} = await fakeRun(cluster, 'rollback', {journal, yes: true});
		expect(result.outcome).toBe('rolled-back');
		const ha = JSON.parse(cluster.metadbState.ha) as Record<string, unknown>;
		// ceil(2 min and the run's milliseconds) + 5 = 8: more than the outage plus the margin; every other key as
		// found.
		expect(ha).toEqual({
			enable: true,
			perceiveStoreClientCheckpoint: false,
			refetchStoreIntervalMin: 8,
			checkHostDownIntervalSec: 540,
		});
		expect(result.message).toContain('"refetchStoreIntervalMin":8');
	});

	it('--only rb-disable-ha after a rollback that finished but was not archived is refused: HA stays on (found by the explorer)', async () => {
		const cluster = new FakeCluster();
		const upgrade = await fakeRun(cluster, 'run', {yes: true});
		// The process dies after rb-restore-ha, before the journal is archived.
		cluster.log.failAt = call => (call.what.startsWith('archive journal') ? new Error('killed') : undefined);
		const back = await fakeRun(cluster, 'rollback', {journal: upgrade.journal, yes: true});
		cluster.log.failAt = undefined;
		expect(back.result.outcome).toBe('rolled-back');
		const again = await fakeRun(cluster, 'rollback', {
			journal: structuredClone(cluster.saved.at(-1)!),
			yes: true,
			only: 'rb-disable-ha',
		});
		expect(again.result).toMatchObject({
			outcome: 'refused',
			exitCode: 2,
			message: expect.stringMatching(
				/^refused at rb-disable-ha: rb-disable-ha was done in this attempt and rb-restore-ha changed ha\.config after it/,
			),
		});
		expect(JSON.parse(cluster.metadbState.ha).enable).toBe(true);
	});

	it('a rollback before anything stopped only puts ha.config back', async () => {
		const cluster = new FakeCluster();
		const found = cluster.metadbState.ha;
		const upgrade = await fakeRun(cluster, 'run', {only: 'disable-ha'});
		expect(upgrade.result.outcome).toBe('paused');
		expect(JSON.parse(cluster.metadbState.ha).enable).toBe(false);
		const {result, journal} = await fakeRun(cluster, 'rollback', {journal: upgrade.journal});
		expect(result.outcome).toBe('rolled-back');
		expect(journal.rollback?.kind).toBe('ha-only');
		expect(cluster.metadbState.ha).toBe(found);
		expect(cluster.restored).toEqual([]);
		expect(cluster.log.writes('docker')).toEqual([]);
	});
});

describe('a run that leaves the upgrade unfinished says what stays changed', () => {
	it('No at start-new: OMS is down since T1 and HA is OFF, said in the outcome', async () => {
		const cluster = new FakeCluster();
		const {result, journal} = await fakeRun(cluster, 'run', {answers: [true, false]});
		expect(result.outcome).toBe('paused');
		expect(result.message).toMatch(/^paused at start-new: start-new was not confirmed/);
		expect(result.message).toContain(
			`OMS is DOWN: the old containers were stopped at ${journal.t1} (0 s ago) and HA is OFF; \`oms-upgrade run\` (or the console) continues the upgrade, \`oms-upgrade rollback\` undoes it.`,
		);
	});

	it('disable-ha run alone asks first, in its own words; No leaves HA as found', async () => {
		const cluster = new FakeCluster();
		const found = cluster.metadbState.ha;
		const questions: string[] = [];
		const {result} = await fakeRun(cluster, 'run', {
			only: 'disable-ha',
			answers: [false],
			onQuestion: question => questions.push(question),
		});
		expect(questions[0]).toMatch(/^Run disable-ha alone: HA off for the upgrade, while OMS still runs/);
		// The front end adds its own prompt (Proceed? [y/N], the console's y/n): the question never asks twice.
		expect(questions[0]).not.toMatch(/Proceed\?/);
		expect(result.outcome).toBe('paused');
		expect(cluster.metadbState.ha).toBe(found);
	});

	it('only disable-ha run: HA is OFF while OMS still runs, said in the outcome', async () => {
		const cluster = new FakeCluster();
		const {result, journal} = await fakeRun(cluster, 'run', {only: 'disable-ha', yes: true});
		expect(result.outcome).toBe('paused');
		expect(result.message).toContain(`HA is OFF: attempt ${journal.attempt} disabled it and OMS still runs;`);
	});

	it('stepped one at a time up to verify: the new OMS runs and HA is OFF, not "OMS is DOWN"', async () => {
		const cluster = new FakeCluster();
		let journal = passedPreflight(cluster);
		let message = '';
		for (const only of [
			'stage-image',
			'disable-ha',
			'stop-old',
			'clean-heartbeat',
			'backup',
			'start-new',
			'init',
			'verify',
		]) {
			const run = await fakeRun(cluster, 'run', {only, yes: true, journal});
			journal = run.journal;
			message = run.result.message;
		}
		expect(message).toMatch(/^paused at enable-ha: the selected steps are done/);
		expect(message).toContain(
			`The new OMS runs: verify found every node ONLINE with a fresh heartbeat at ${journal.steps.verify?.finishedAt}; HA is OFF until enable-ha runs; \`oms-upgrade run\` (or the console) continues the upgrade`,
		);
		expect(message).not.toContain('OMS is DOWN');
	});

	it('says nothing more once the upgrade is complete', async () => {
		const cluster = new FakeCluster();
		const {result} = await fakeRun(cluster, 'run');
		expect(result.message).not.toMatch(/OMS is DOWN|HA is OFF/);
	});
});

import {describe, expect, it} from 'vitest';
import {plannedSteps, type PlannedStep} from '../../source/commands/plan-steps.js';
import {dryRunSession} from '../../source/dry-run/dry-run-session.js';
import {Recorder} from '../../source/dry-run/recorder.js';
import {EventBus} from '../../source/domain/events.js';
import type {Journal} from '../../source/domain/journal-types.js';
import type {SessionOptions} from '../../source/engine/run-session.js';
import type {StepDefinition} from '../../source/steps/step-types.js';
import {rollbackSteps, upgradeSteps} from '../../source/steps/index.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun, passedPreflight} from '../helpers/fakes/fake-run.js';

/** Preflight reads the MetaDB and the local clients outside the ports: the fake plan starts after it. */
const afterPreflight = upgradeSteps.filter(step => step.id !== 'preflight');

/** A dry run's session on the fake cluster: `command` over `selected` of its steps, on `journal`; it answers No. */
const sessionOn = (
	cluster: FakeCluster,
	command: 'run' | 'rollback',
	journal: Journal,
	selected: readonly StepDefinition[],
): SessionOptions => {
	const {model, discovery, ports} = cluster;
	return {
		plan: model.plan,
		command,
		yes: false,
		bus: new EventBus(),
		confirm: async () => false,
		signal: new AbortController().signal,
		ports,
		steps: command === 'run' ? upgradeSteps : rollbackSteps,
		selected,
		journal,
		discovery,
		model,
	};
};

const lines = (steps: readonly PlannedStep[]) =>
	Object.fromEntries(
		steps.map(step => [
			step.id,
			step.actions.map(action => `${action.node ?? 'cluster'} ${action.kind} ${action.text}`),
		]),
	);

describe('plan: the real steps over recording ports', () => {
	it('records every write of the upgrade and of its rollback, performs none, and shows the journaled state', async () => {
		const cluster = new FakeCluster();
		const ha = cluster.metadbState.ha;
		const {upgrade, rollback} = await plannedSteps(
			cluster.discovery,
			cluster.model,
			passedPreflight(cluster),
			cluster.ports,
			afterPreflight,
		);
		expect(cluster.log.writes()).toEqual([]);
		expect(cluster.metadbState.ha).toBe(ha);
		expect(cluster.containers()).toEqual(['10.0.0.2 oms_428:running', '10.0.0.3 oms_428:running']);
		const up = lines(upgrade);
		expect(up['stage-image']).toEqual([
			'10.0.0.2 docker docker load -i /fake/oms_4.2.9-ce.tar.gz  (POST /images/load, streamed from this machine)',
			'10.0.0.3 docker docker load -i /fake/oms_4.2.9-ce.tar.gz  (POST /images/load, streamed from this machine)',
		]);
		expect(up['disable-ha']).toEqual([
			'cluster operator asks: stop-old: docker stop oms_428@10.0.0.2, oms_428@10.0.0.3: OMS goes down (downtime starts). disable-ha runs first (HA off for the upgrade). → yes (a dry run answers yes)',
			`cluster sql UPDATE \`oms_rm\`.oms_normal_config SET cfg_value = '{"enable":false,"perceiveStoreClientCheckpoint":false,"refetchStoreIntervalMin":30}' WHERE cfg_name = 'ha.config'`,
		]);
		expect(up['stop-old']).toEqual([
			'10.0.0.2 docker docker stop -t 60 oms_428  (the engine kills it after 60s; the container is kept)',
			'10.0.0.3 docker docker stop -t 60 oms_428  (the engine kills it after 60s; the container is kept)',
		]);
		expect(up['clean-heartbeat']).toEqual([
			'cluster sql DELETE FROM `oms_cm_hb`.heatbeat_sequence WHERE id < 4 LIMIT 10000',
		]);
		expect(up['backup']!.filter(line => line.startsWith('cluster mysqldump'))).toHaveLength(3);
		expect(
			up['start-new']!.some(
				line =>
					line.includes('docker run -dit --net host --name oms_428_429') &&
					line.includes('-e OMS_HOST_IP=10.0.0.3 -e IS_UPGRADE=true --privileged=true --pids-limit -1'),
			),
		).toBe(true);
		expect(up['init']).toContain(
			'10.0.0.2 docker docker exec oms_428_429 bash /root/docker_init.sh  (timeout 60s; success = exit 0, the completion line and no error line)',
		);
		expect(up['verify']![0]).toMatch(
			/^cluster wait poll cm\.host and the heartbeat tables until 10\.0\.0\.2, 10\.0\.0\.3 are ONLINE/,
		);
		expect(up['enable-ha']).toContain(
			`cluster sql UPDATE \`oms_rm\`.oms_normal_config SET cfg_value = '{"enable":true,"perceiveStoreClientCheckpoint":true,"refetchStoreIntervalMin":30}' WHERE cfg_name = 'ha.config'`,
		);
		const back = lines(rollback);
		expect(back['rb-restore']!.filter(line => / (sql|mysql) /.test(line))).toEqual([
			'cluster sql DROP DATABASE IF EXISTS `oms_rm`',
			'cluster sql CREATE DATABASE `oms_rm` DEFAULT CHARACTER SET `utf8mb4` COLLATE `utf8mb4_general_ci`',
			'cluster mysql mysql --defaults-extra-file=/fake/workdir/backups/20261125T030000/.metadb-<random>.cnf --database=oms_rm --batch < /fake/workdir/backups/20261125T030000/oms_rm.sql',
			"cluster sql count the rows of every table of oms_rm and compare them with the manifest's (not in a dry run: nothing was restored)",
			'cluster sql DROP DATABASE IF EXISTS `oms_cm`',
			'cluster sql CREATE DATABASE `oms_cm` DEFAULT CHARACTER SET `utf8mb4` COLLATE `utf8mb4_general_ci`',
			'cluster mysql mysql --defaults-extra-file=/fake/workdir/backups/20261125T030000/.metadb-<random>.cnf --database=oms_cm --batch < /fake/workdir/backups/20261125T030000/oms_cm.sql',
			"cluster sql count the rows of every table of oms_cm and compare them with the manifest's (not in a dry run: nothing was restored)",
			'cluster sql DROP DATABASE IF EXISTS `oms_cm_hb`',
			'cluster sql CREATE DATABASE `oms_cm_hb` DEFAULT CHARACTER SET `utf8mb4` COLLATE `utf8mb4_general_ci`',
			'cluster mysql mysql --defaults-extra-file=/fake/workdir/backups/20261125T030000/.metadb-<random>.cnf --database=oms_cm_hb --batch < /fake/workdir/backups/20261125T030000/oms_cm_hb.sql',
			"cluster sql count the rows of every table of oms_cm_hb and compare them with the manifest's (not in a dry run: nothing was restored)",
		]);
		expect(back['rb-start-old']).toContain('10.0.0.2 docker docker rename oms_428_429 oms_428_429-20261125T030000');
		// The rollback puts back the value found before the upgrade (not the one the dry run wrote), HA on under the
		// guide's rule.
		const restored = JSON.stringify({...(JSON.parse(ha) as object), perceiveStoreClientCheckpoint: true});
		expect(back['rb-restore-ha']).toContain(
			`cluster sql UPDATE \`oms_rm\`.oms_normal_config SET cfg_value = '${restored}' WHERE cfg_name = 'ha.config'`,
		);
	});

	it('applies the journal: steps done are shown done, and a resumed run starts where it stopped', async () => {
		const cluster = new FakeCluster();
		const first = await fakeRun(cluster, 'run', {answers: [true, false]});
		expect(first.result.message).toMatch(/^paused at start-new/);
		const writes = cluster.log.writes().length;
		const {upgrade} = await plannedSteps(
			cluster.discovery,
			cluster.model,
			structuredClone(cluster.saved.at(-1)!),
			cluster.ports,
			afterPreflight,
		);
		expect(cluster.log.writes()).toHaveLength(writes);
		const up = lines(upgrade);
		expect(up['stop-old']).toEqual([expect.stringMatching(/^cluster check skipped: done earlier in this attempt/)]);
		expect(up['backup']).toEqual([expect.stringMatching(/^cluster check skipped: done earlier in this attempt/)]);
		expect(up['start-new']!.filter(line => line.includes('docker start oms_428_429'))).toHaveLength(2);
	});

	it('run --dry-run: the outcome the run would reach, said to be a dry run; no write reaches the cluster, no question is asked', async () => {
		const cluster = new FakeCluster();
		const recorder = new Recorder();
		const shown: string[] = [];
		recorder.onRecord = action => shown.push(`${action.step ?? '-'} ${action.kind}`);
		const asked: string[] = [];
		const result = await dryRunSession(
			{
				...sessionOn(cluster, 'run', passedPreflight(cluster), afterPreflight),
				confirm: async question => (asked.push(question), false),
			},
			recorder,
		);
		expect(result).toEqual({
			outcome: 'succeeded',
			exitCode: 0,
			message: 'dry run, nothing was changed: succeeded: OMS upgraded to 4.2.9-CE (attempt 20261125T030000).',
		});
		expect(asked).toEqual([]);
		expect(shown.filter(line => line.endsWith('operator'))).toEqual(['- operator', '- operator', '- operator']);
		expect(cluster.log.writes()).toEqual([]);
		expect(cluster.saved).toEqual([]);
	});

	it('rollback --dry-run after an upgrade claims no proof of a restore it did not make', async () => {
		const cluster = new FakeCluster();
		const {journal} = await fakeRun(cluster, 'run', {yes: true});
		const result = await dryRunSession(sessionOn(cluster, 'rollback', journal, rollbackSteps), new Recorder());
		expect(result.outcome).toBe('rolled-back');
		expect(result.message).toMatch(/^dry run, nothing was changed: rolled back attempt /);
		expect(result.message).not.toMatch(/restored \d+ tables|row counts equal/);
	});

	it('with ha.mode manual, the confirmed changes of the operator are taken as made, so the plan goes on to the end', async () => {
		const cluster = new FakeCluster({mode: 'manual'});
		const {upgrade, rollback} = await plannedSteps(
			cluster.discovery,
			cluster.model,
			passedPreflight(cluster),
			cluster.ports,
			afterPreflight,
		);
		const up = lines(upgrade);
		expect(up['disable-ha']).toEqual([
			'cluster operator asks: stop-old: docker stop oms_428@10.0.0.2, oms_428@10.0.0.3: OMS goes down (downtime starts). disable-ha runs first (HA off for the upgrade). → yes (a dry run answers yes)',
			'cluster operator asks: disable HA: set {"enable":false} in ha.config in the OMS console (System Management > System Parameters), then confirm → yes (a dry run answers yes)',
		]);
		expect(up['enable-ha']).toEqual([
			'cluster operator asks: enable HA: set enable=true and perceiveStoreClientCheckpoint=true in ha.config in the OMS console (System Management > System Parameters), then confirm → yes (a dry run answers yes)',
		]);
		expect(lines(rollback)['rb-restore-ha']![0]).toMatch(
			/^cluster operator asks: put ha\.config back as found before the upgrade, with perceiveStoreClientCheckpoint=true: the old OMS was down \S+ \(T1 \S+ until now\): set \{"enable":true,"perceiveStoreClientCheckpoint":true,"refetchStoreIntervalMin":30\}/,
		);
		expect(cluster.log.writes()).toEqual([]);
	});
});

describe('plan of an attempt resumed after start-new', () => {
	it('assumes the nodes ONLINE after the init it records, instead of polling the real heartbeats until the timeout', async () => {
		const cluster = new FakeCluster();
		// A real run: the new containers are started, then No at the init question.
		const paused = await fakeRun(cluster, 'run', {answers: [true, true, false]});
		expect(paused.result.message).toMatch(/^paused at init/);
		// As OMS with IS_UPGRADE=true does, the new containers write no heartbeat until init has run.
		cluster.metadbState.running = () => new Set();
		(cluster.model.plan.verify as {timeoutSec: number}).timeoutSec = 5;
		const started = Date.now();
		const {upgrade} = await plannedSteps(
			cluster.discovery,
			cluster.model,
			paused.journal,
			cluster.ports,
			afterPreflight,
		);
		expect(Date.now() - started).toBeLessThan(4000);
		const verify = upgrade.find(step => step.id === 'verify');
		expect(verify?.actions.map(action => action.text)[0]).toMatch(
			/^poll cm\.host and the heartbeat tables until 10\.0\.0\.2, 10\.0\.0\.3 are ONLINE/,
		);
		expect(
			upgrade.find(step => step.id === 'enable-ha')?.actions.some(action => action.text.includes('"enable":true')),
		).toBe(true);
	});
});

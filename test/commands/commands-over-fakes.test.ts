import {describe, expect, it} from 'vitest';
import {executeWith} from '../../source/app/run.js';
import {parseCli} from '../../source/cli-args.js';
import {checkCommand} from '../../source/commands/check-command.js';
import type {Output} from '../../source/commands/output.js';
import {planCommand} from '../../source/commands/plan-command.js';
import {statusCommand} from '../../source/commands/status-command.js';
import {EventBus} from '../../source/domain/events.js';
import {registerSecret} from '../../source/domain/redact.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeWiring} from '../helpers/fakes/fake-wiring.js';

function capture(): Output & {lines: string[]} {
	const lines: string[] = [];
	return {lines, line: (text = '') => lines.push(text), error: text => lines.push(text), color: false};
}

const args = (...argv: string[]) => parseCli([...argv, '-c', '/fake/oms-upgrade.yaml']);

describe("check, plan, run and status over the fake cluster, through the commands' own code", () => {
	it('check passes on a healthy cluster and exits 3 naming the node whose old container is stopped', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const out = capture();
		expect(await checkCommand(args('check'), out, fakeWiring(cluster))).toBe(0);
		expect(out.lines.at(-1)).toMatch(/^\d+ results: \d+ pass, \d+ warn, 0 fail$/);
		await cluster.engine('10.0.0.4').stopContainer('oms_428', 0);
		await expect(checkCommand(args('check'), capture(), fakeWiring(cluster))).rejects.toMatchObject({
			exitCode: 3,
			message: expect.stringMatching(/^preflight failed: node 10\.0\.0\.4: /),
		});
	});

	it('check in the middle of an upgrade shows what it did not check as not checked, never as a pass', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const wiring = fakeWiring(cluster);
		// Stopped after stop-old: the old containers are down.
		const stopped = await executeWith(
			{
				plan: cluster.model.plan,
				command: 'run',
				yes: false,
				bus: new EventBus(),
				confirm: (() => {
					const answers = [true, false];
					return async () => answers.shift() ?? false;
				})(),
				signal: new AbortController().signal,
			},
			wiring,
		);
		expect(stopped.message).toMatch(/^paused at start-new/);
		const out = capture();
		await checkCommand(args('check'), out, wiring).catch(() => undefined);
		const text = out.lines.join('\n');
		expect(text).toMatch(/^– not {3}every node ONLINE now: not checked: this upgrade has stopped the old containers/m);
		expect(text).not.toMatch(/✓ pass .*not checked/);
		expect(text).toMatch(/\d+ results: \d+ pass, \d+ warn, \d+ fail, 1 not checked$/);
	});

	it("check reads each node's free space on the Docker data root (df in the old container) against the image's unpacked size", async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		cluster.engine('10.0.0.3').freeBytes = 3 * 2 ** 20;
		cluster.engine('10.0.0.4').freeBytes = 2 ** 20;
		const out = capture();
		await expect(checkCommand(args('check'), out, fakeWiring(cluster))).rejects.toMatchObject({
			exitCode: 3,
			message: expect.stringMatching(
				/^preflight failed: node 10\.0\.0\.4: enough free space on each node's Docker data root for the image\./,
			),
		});
		const text = out.lines.join('\n');
		expect(text).toContain(
			"✗ FAIL  [10.0.0.4] enough free space on each node's Docker data root for the image: 1.0 MiB free on the Docker data root (df in oms_428); the image unpacks to 2.0 MiB: not enough for docker load; free space on the node first.",
		);
		expect(text).toMatch(
			/✓ pass {2}\[10\.0\.0\.2\] enough free space on each node's Docker data root for the image: 100\.0 GiB free/,
		);
		expect(text).toMatch(/! warn {2}\[10\.0\.0\.3\] .*3\.0 MiB free .*: tight/);
		expect(cluster.log.writes()).toEqual([]);
	});

	it("check does not pass config.yaml's consistency while a node's config.yaml could not be read", async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		cluster.engine('10.0.0.4').containers.delete('oms_428');
		const out = capture();
		await expect(checkCommand(args('check'), out, fakeWiring(cluster))).rejects.toMatchObject({exitCode: 3});
		const text = out.lines.join('\n');
		expect(text).not.toContain('✓ pass  config.yaml readable and consistent across nodes');
		expect(text).toContain(
			'! warn  [10.0.0.4] config.yaml readable and consistent across nodes: not checked: no old container oms_428 to read its config.yaml from',
		);
	});

	it('status after a step cut short says what its own reading of the cluster shows, not that it could not read it', async () => {
		const cluster = new FakeCluster({nodes: 2});
		cluster.log.failAt = call =>
			call.port === 'docker' && call.node === '10.0.0.3' && call.what.includes('createContainer')
				? new Error('engine hung')
				: undefined;
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		expect(await executeWith({...options, command: 'run'}, fakeWiring(cluster))).toMatchObject({outcome: 'failed'});
		cluster.log.failAt = undefined;
		const out = capture();
		expect(await statusCommand(args('status'), out, fakeWiring(cluster))).toBe(0);
		const now = out.lines.find(line => line.startsWith('Now:'));
		expect(now).not.toContain('could not be read again');
		expect(now).toMatch(/^Now: OMS is DOWN: the old containers were stopped at /);
		// A node that does not answer status: it says so, not "`oms-upgrade status` shows it" (itself).
		cluster.log.failAt = call =>
			call.port === 'docker' && call.node === '10.0.0.3' ? new Error('engine hung') : undefined;
		const blind = capture();
		expect(await statusCommand(args('status'), blind, fakeWiring(cluster))).toBe(0);
		const unsure = blind.lines.find(line => line.startsWith('Now:'));
		expect(unsure).toMatch(
			/^Now: OMS may be DOWN: start-new did not finish and the cluster could not be read again \(not every node answered\)/,
		);
		expect(unsure).not.toContain('oms-upgrade status');
		const json = capture();
		expect(await statusCommand(args('status', '--json'), json, fakeWiring(cluster))).toBe(0);
		expect((JSON.parse(json.lines.join('\n')) as {now: string}).now).toBe(unsure?.replace(/^Now: /, ''));
	});

	it('plan shows every step and writes nothing', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const out = capture();
		expect(await planCommand(args('plan'), out, fakeWiring(cluster))).toBe(0);
		expect(out.lines[0]).toBe('Plan fake: OMS 4.2.8-CE → 4.2.9-CE, 3 node(s) in 2 region(s)');
		expect(out.lines.at(-1)).toBe(
			'Nothing was changed. Next: `oms-upgrade check`, then `oms-upgrade run` or `oms-upgrade console`.',
		);
		expect(cluster.log.writes()).toEqual([]);
	});

	it("run through the CLI's execute, then status says where it stands, then run says already upgraded", async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const wiring = fakeWiring(cluster);
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		const refused = await executeWith({...options, command: 'run', only: 'stop-old'}, wiring);
		expect(refused).toMatchObject({
			outcome: 'refused',
			exitCode: 2,
			message: expect.stringMatching(/^refused at stop-old: stage-image, disable-ha have not been done/),
		});
		const result = await executeWith({...options, command: 'run'}, wiring);
		expect(result).toMatchObject({outcome: 'succeeded', exitCode: 0});
		const status = capture();
		expect(await statusCommand(args('status'), status, wiring)).toBe(0);
		expect(status.lines).toContain('HA: on (enabled again by this attempt)');
		expect(status.lines.some(line => line.startsWith('Now:'))).toBe(false);
		const again = await executeWith({...options, command: 'run'}, wiring);
		expect(again).toMatchObject({
			outcome: 'succeeded',
			nothingToDo: true,
			message: expect.stringMatching(/^already upgraded to 4\.2\.9-CE by attempt/),
		});
	});
});

describe('report.json', () => {
	it('redacts the MetaDB password from its detail and the journal, also where an error carried it JSON-escaped', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const password = 'r3port"pw\\x';
		registerSecret(password);
		cluster.log.failAt = call =>
			call.port === 'docker' && call.what.includes('stop')
				? new Error(`auth ${password} / ${JSON.stringify(password)} refused`)
				: undefined;
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		const result = await executeWith({...options, command: 'run'}, fakeWiring(cluster));
		expect(result.outcome).toBe('failed');
		const report = cluster.files.get(`${cluster.model.plan.workdir}/report.json`);
		expect(report).toBeDefined();
		expect(report).toContain('auth *** / \\"***\\" refused');
		expect(report).not.toContain('r3port'); // The journal too: its run record and every step record and step run (SPEC §5: nothing secret in it).
		const journal = JSON.stringify(cluster.saved.at(-1));
		expect(journal).toContain('auth *** / \\"***\\" refused');
		expect(journal).not.toContain('r3port');
	});
});

describe('check after an upgrade is a health gate', () => {
	const upgraded = async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const wiring = fakeWiring(cluster);
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		expect(await executeWith({...options, command: 'run'}, wiring)).toMatchObject({outcome: 'succeeded'});
		// docker_init.sh records the new version (the plain fake cluster does not model that write; the explorer's
		// world does).
		cluster.metadbState.versions.push('4.2.9-CE');
		return {cluster, wiring};
	};

	it('exits 0 on a healthy upgraded cluster, naming what it checked', async () => {
		const {wiring} = await upgraded();
		const out = capture();
		expect(await checkCommand(args('check'), out, wiring)).toBe(0);
		expect(out.lines[0]).toMatch(/^oms-upgrade: already upgraded to 4\.2\.9-CE by attempt/);
		expect(out.lines).toContain('✓ pass  rm.oms_version: 4.2.9-CE');
		expect(out.lines.filter(line => /^✓ pass {2}10\.0\.0\.\d: ONLINE, heartbeat 0s old$/.test(line))).toHaveLength(3);
		expect(out.lines.at(-1)).toMatch(/^healthy: \d+ checks pass$/);
	});

	it('exits 3 naming the node whose new OMS is silent; status shows the same verdict', async () => {
		const {cluster, wiring} = await upgraded();
		const running = cluster.metadbState.running;
		cluster.metadbState.running = () => new Set([...running()].filter(host => host !== '10.0.0.3'));
		cluster.metadbState.clock = 95;
		await expect(checkCommand(args('check'), capture(), wiring)).rejects.toMatchObject({
			exitCode: 3,
			message:
				'the upgraded cluster is not healthy: node 10.0.0.3: is ONLINE in cm.host, but its last heartbeat is 95s old (silent for more than 30s).',
		});
		const json = capture();
		expect(await checkCommand(args('check', '--json'), json, wiring)).toBe(3);
		expect(JSON.parse(json.lines.join('\n'))).toMatchObject({
			ok: false,
			alreadyUpgraded: true,
			health: {healthy: false, problems: [{node: '10.0.0.3'}]},
		});
		const status = capture();
		expect(await statusCommand(args('status'), status, wiring)).toBe(0);
		expect(status.lines).toContain('Health: NOT healthy (`oms-upgrade check` exits 3):');
		expect(status.lines).toContain(
			'  ✗ node 10.0.0.3: is ONLINE in cm.host, but its last heartbeat is 95s old (silent for more than 30s)',
		);
		// The last run's outcome is said once, not "succeeded: succeeded: …".
		expect(status.lines.join('\n')).toMatch(/succeeded: OMS upgraded/);
		expect(status.lines.join('\n')).not.toMatch(/succeeded: succeeded/);
	});

	it('exits 3 when a new container is down, when the version row or HA is not what the upgrade left', async () => {
		const {cluster, wiring} = await upgraded();
		cluster.metadbState.versions = ['4.2.8-CE'];
		cluster.metadbState.ha = '{"enable":false}';
		await cluster.engine('10.0.0.2').stopContainer('oms_428_429', 0);
		const error = await checkCommand(args('check'), capture(), wiring).catch((failure: unknown) => failure);
		expect(error).toMatchObject({exitCode: 3});
		expect(String((error as Error).message)).toMatch(
			/cluster: rm\.oms_version records 4\.2\.8-CE, not the target 4\.2\.9-CE/,
		);
		expect(String((error as Error).message)).toMatch(
			/cluster: ha\.config is \{"enable":false\}, not what this attempt left/,
		);
		expect(String((error as Error).message)).toMatch(/node 10\.0\.0\.2: this attempt's new container \S+ is exited/);
	});

	it('exits 3 naming a node that cannot be reached', async () => {
		const {cluster, wiring} = await upgraded();
		cluster.log.failAt = call =>
			call.port === 'docker' && call.node === '10.0.0.3' && call.what === 'version'
				? new Error('ssh: connect to host 10.0.0.3 port 22: Connection refused')
				: undefined;
		await expect(checkCommand(args('check'), capture(), wiring)).rejects.toMatchObject({
			exitCode: 3,
			message: expect.stringMatching(/node 10\.0\.0\.3: cannot be reached: .*Connection refused/),
		});
	});
});

describe('a restore proves itself by its row counts', () => {
	const rolledBack = async (afterUpgrade: (cluster: FakeCluster) => void) => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		cluster.metadbState.tables = {oms_rm: {oms_version: 1, project: 7}, oms_cm: {host: 3}};
		const wiring = fakeWiring(cluster);
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		expect(await executeWith({...options, command: 'run'}, wiring)).toMatchObject({outcome: 'succeeded'});
		afterUpgrade(cluster);
		return {cluster, result: await executeWith({...options, command: 'rollback'}, wiring)};
	};

	it('records each table in the manifest and says "row counts equal" when the restore holds them', async () => {
		const {cluster, result} = await rolledBack(() => undefined);
		expect(result.outcome).toBe('rolled-back');
		const manifest = [...cluster.files].find(([file]) => file.endsWith('/manifest.json'))![1];
		expect(JSON.parse(manifest).backups[0]).toMatchObject({
			database: 'oms_rm',
			charset: 'utf8mb4',
			collation: 'utf8mb4_general_ci',
			tables: {oms_version: 1, project: 7},
		});
		expect(cluster.log.writes()).toContain(
			'cluster: CREATE DATABASE `oms_rm` DEFAULT CHARACTER SET `utf8mb4` COLLATE `utf8mb4_general_ci`',
		);
		const journal = cluster.saved.at(-1)!;
		expect(journal.steps['rb-restore']!.reason).toMatch(/: restored 3 tables, row counts equal$/);
		expect(cluster.log.writes().some(write => /startContainer oms_428$/.test(write))).toBe(true);
	});

	it('fails naming the table whose rows differ after the restore, and the old OMS does not start', async () => {
		const {cluster, result} = await rolledBack(cluster => {
			// Whatever the restore loads, oms_rm.project comes back with fewer rows than were dumped.
			cluster.metadbState.tables!.oms_rm!.project = 5;
		});
		expect(result).toMatchObject({
			outcome: 'failed',
			message: expect.stringMatching(
				/the restore of oms_rm does not hold what was dumped: oms_rm\.project has 5 rows, the dump had 7/,
			),
		});
		expect(cluster.log.writes().some(write => /startContainer oms_428$/.test(write))).toBe(false);
	});
});

describe('questions and answers are events (the run log and --json keep the dialogue)', () => {
	const dialogue = (bus: EventBus) => {
		const seen: string[] = [];
		bus.subscribe(event => {
			if (event.type === 'question') seen.push(`? ${event.step} ${event.kind}: ${event.text.slice(0, 40)}`);
			if (event.type === 'answer') seen.push(`! ${event.step} ${event.answer} by ${event.by}`);
		});
		return seen;
	};

	it('each question, then its answer, in the step that asked; No ends the dialogue', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const bus = new EventBus();
		const seen = dialogue(bus);
		const answers = [true, false];
		const options = {
			plan: cluster.model.plan,
			yes: false,
			bus,
			confirm: async () => answers.shift() ?? false,
			signal: new AbortController().signal,
		};
		expect(await executeWith({...options, command: 'run'}, fakeWiring(cluster))).toMatchObject({outcome: 'paused'});
		expect(seen).toEqual([
			'? disable-ha step: stop-old: docker stop oms_428@10.0.0.2, ',
			'! disable-ha yes by operator',
			'? start-new step: start-new: create and start oms_428_429@',
			'! start-new no by operator',
		]);
	});

	it("with --yes every question is still published, answered by --yes; the rollback's too", async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const bus = new EventBus();
		const seen = dialogue(bus);
		const never = async () => {
			throw new Error('--yes must not ask');
		};
		const options = {plan: cluster.model.plan, yes: true, bus, confirm: never, signal: new AbortController().signal};
		expect(await executeWith({...options, command: 'run'}, fakeWiring(cluster))).toMatchObject({outcome: 'succeeded'});
		expect(await executeWith({...options, command: 'rollback'}, fakeWiring(cluster))).toMatchObject({
			outcome: 'rolled-back',
		});
		expect(seen.filter(line => line.startsWith('!'))).toEqual([
			'! disable-ha yes by --yes',
			'! start-new yes by --yes',
			'! init yes by --yes',
			'! null yes by --yes',
		]);
		expect(seen.filter(line => line.startsWith('?')).map(line => line.split(':')[0])).toEqual([
			'? disable-ha step',
			'? start-new step',
			'? init step',
			// The rollback's one question comes before any of its steps.
			'? null rollback',
		]);
	});
});

describe('the oms_version fix written before downtime', () => {
	it('is journaled and reported when written, and a rollback says it stays', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		cluster.metadbState.versions = [];
		const wiring = fakeWiring(cluster);
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		expect(await executeWith({...options, command: 'run'}, wiring)).toMatchObject({outcome: 'succeeded'});
		expect(cluster.metadbState.versions).toContain('4.2.8-CE');
		const journal = cluster.saved.at(-1)!;
		expect(journal.versionFixWrittenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		const report = JSON.parse(cluster.files.get(`${cluster.model.plan.workdir}/report.json`)!) as {versionFix: unknown};
		expect(report.versionFix).toEqual({writtenBeforeDowntimeAt: journal.versionFixWrittenAt, writtenByInit: false});
		const status = capture();
		await statusCommand(args('status'), status, wiring);
		expect(status.lines).toContain(
			`oms_version fix: written at ${journal.versionFixWrittenAt} (row 4.2.8-CE); it is in the dumps, so a rollback keeps it`,
		);
		const rolledBack = await executeWith({...options, command: 'rollback'}, wiring);
		expect(rolledBack).toMatchObject({
			outcome: 'rolled-back',
			message: expect.stringContaining(
				'Of the upgrade, the oms_version fix stays (the row 4.2.8-CE in oms_rm.oms_version, written at',
			),
		});
	});

	it('plan shows its two SQL writes under disable-ha, after the question, and writes nothing', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		cluster.metadbState.versions = [];
		const out = capture();
		expect(await planCommand(args('plan'), out, fakeWiring(cluster))).toBe(0);
		const text = out.lines.join('\n');
		const step = text.slice(text.indexOf('disable-ha —'), text.indexOf('stop-old —'));
		expect(step).toMatch(/sql +CREATE TABLE IF NOT EXISTS `oms_rm`\.`?oms_version`?/);
		expect(step).toMatch(/sql +REPLACE INTO `oms_rm`\.oms_version \(version\) VALUES \('4\.2\.8-CE'\)/);
		expect(step.indexOf('oms_version (version)')).toBeLessThan(step.indexOf('ha.config'));
		expect(cluster.log.writes()).toEqual([]);
		expect(cluster.metadbState.versions).toEqual([]);
	});

	it('is named by the put-back when the run ends before stop-old', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		cluster.metadbState.versions = [];
		const wiring = fakeWiring(cluster);
		// Yes to both questions; Ctrl-C once disable-ha has turned HA off, before stop-old.
		const controller = new AbortController();
		cluster.log.onCall = call => {
			if (call.port === 'sql' && call.write && call.what.includes('ha.config')) controller.abort();
		};
		const options = {
			plan: cluster.model.plan,
			yes: false,
			bus: new EventBus(),
			confirm: async () => true,
			signal: controller.signal,
		};
		const result = await executeWith({...options, command: 'run'}, wiring);
		expect(result.message).toMatch(
			/ha\.config put back as found \(enable=true\): the run ended before stop-old, so of the upgrade only the oms_version fix stays/,
		);
	});
});

describe('the journal is read again under the run lock', () => {
	it('a run that another run finished while this one was starting starts over on the new journal', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const plain = fakeWiring(cluster);
		const options = {
			plan: cluster.model.plan,
			yes: true,
			bus: new EventBus(),
			confirm: async () => true,
			signal: new AbortController().signal,
		};
		let others = 0;
		const racing = {
			...plain,
			// While this run waits for the lock, another operator's run upgrades the cluster and ends.
			lock: async (...lockArgs: Parameters<typeof plain.lock>) => {
				if (others++ === 0)
					expect(await executeWith({...options, command: 'run'}, plain)).toMatchObject({outcome: 'succeeded'});
				return plain.lock(...lockArgs);
			},
		};
		const result = await executeWith({...options, command: 'run'}, racing);
		expect(result).toMatchObject({
			outcome: 'succeeded',
			nothingToDo: true,
			message: expect.stringMatching(/^already upgraded to 4\.2\.9-CE by attempt/),
		});
		expect(cluster.saved.map(journal => journal.attempt).every(attempt => attempt === cluster.saved[0]!.attempt)).toBe(
			true,
		);
	});
});

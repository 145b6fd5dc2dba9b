import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deadlinesOf, DockerEngine} from '../../source/adapters/docker-engine.js';
import {testDeadlines} from '../helpers/deadlines.js';
import {execInContainer, loadImage} from '../../source/adapters/docker-streams.js';
import {loadPlan} from '../../source/config/load-plan.js';
import {waitFor} from '../../source/domain/wait.js';
import {labStatus} from '../../source/lab/lab-status.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/**
 * The lab's emulated OMS must behave the way the upgrade steps will see real OMS behave: these tests
 * walk the guide's steps by hand on a one-node lab whose rm.oms_version has no row (reached over tcp).
 */
let lab: Lab;
let engine: DockerEngine;

beforeAll(async () => {
	lab = await startLab({nodes: 1, regions: 1, versionRow: false, transport: 'tcp'});
	const socketPath = lab.state.engines[0]!.socket;
	engine = await DockerEngine.connect(
		'127.0.0.2',
		`unix://${socketPath}`,
		{kind: 'unix', socketPath},
		undefined,
		testDeadlines,
	);
});

afterAll(async () => {
	await lab?.down();
});

const heartbeatAge = async () =>
	Number(
		(
			await lab.sql<{age: number}>(
				"SELECT TIMESTAMPDIFF(SECOND, gmt_modified, NOW()) AS age FROM oms_cm_hb_1.heart_beat WHERE host_ip = '127.0.0.2'",
			)
		)[0]!.age,
	);

const supervisorStates = async (container: string) => {
	const {lines} = await execInContainer(engine, container, ['supervisorctl', 'status'], () => undefined, 10_000);
	return new Set(lines.map(line => line.split(/\s+/)[1]));
};

describe('the emulated OMS of the lab', () => {
	it("with --transport tcp, its plan reaches the node's engine at tcp://<node address>:<port>, without ssh", async () => {
		const plan = await loadPlan(lab.state.planFile);
		expect(plan.ssh).toBeUndefined();
		expect(lab.state.sshds).toEqual([]);
		const node = plan.nodes[0]!;
		expect(node.docker).toMatch(/^tcp:\/\/127\.0\.0\.2:\d+$/);
		const overTcp = await DockerEngine.connect(
			node.host,
			node.docker,
			node.endpoint,
			plan.tls,
			deadlinesOf(plan.timeouts),
			plan.ssh,
		);
		expect(overTcp.tunnel).toBeUndefined();
		expect((await overTcp.inspectContainer('oms_428'))?.running).toBe(true);
	});

	it("runs the old version with heartbeats, the guide's mounts and a real config.yaml", async () => {
		const status = await labStatus(lab.directory);
		expect(status?.nodes[0]?.containers).toEqual([{name: 'oms_428', state: 'running', image: 'oms:feature_4.2.8-ce'}]);
		const old = (await engine.inspectContainer('oms_428'))!;
		expect(old.binds.map(bind => bind.split(':')[1])).toEqual([
			'/home/admin/conf/config.yaml',
			'/home/admin/logs',
			'/home/ds/store',
			'/home/ds/run',
		]);
		const config = (await engine.readContainerFile('oms_428', '/home/admin/conf/config.yaml')).toString();
		expect(config).toContain('drc_cm_heartbeat_db: oms_cm_hb_1');
		expect(config).toContain(`oms_meta_port: ${lab.state.metadb.port}`);
		await waitFor(async () => (await heartbeatAge()) <= 3, {timeoutMs: 20_000});
		await waitFor(async () => (await supervisorStates('oms_428')).has('RUNNING'), {timeoutMs: 20_000});
		expect(await supervisorStates('oms_428')).toEqual(new Set(['RUNNING']));
		expect((await stat(lab.state.packageFile)).size).toBeGreaterThan(1_000_000);
	});

	it('with IS_UPGRADE=true waits for init, refuses "Version before 4.1.1", then completes and registers cm_nodes', async () => {
		await lab.docker(0).getContainer('oms_428').stop({t: 5});
		await lab.sql('DELETE FROM oms_cm.host');
		const progress: number[] = [];
		await loadImage(engine, lab.state.packageFile, sent => progress.push(sent));
		expect(progress.at(-1)).toBe((await stat(lab.state.packageFile)).size);
		const old = (await engine.inspectContainer('oms_428'))!;
		const created = await lab.docker(0).createContainer({
			name: 'oms_428_429',
			Image: 'oms:feature_4.2.9-ce',
			Env: ['OMS_HOST_IP=127.0.0.2', 'IS_UPGRADE=true'],
			HostConfig: {Binds: [...old.binds], NetworkMode: 'host'},
		});
		await created.start();
		expect(await supervisorStates('oms_428_429')).toEqual(new Set(['STARTING']));
		await waitFor(async () => (await supervisorStates('oms_428_429')).has('RUNNING'), {timeoutMs: 20_000});

		const log = join(lab.directory, 'node1', 'oms', 'oms_logs', 'oms-lab.log');
		await waitFor(
			async () =>
				(await readFile(log, 'utf8')).includes('[oms 4.2.9-CE] IS_UPGRADE=true: waiting for /root/docker_init.sh'),
			{timeoutMs: 20_000},
		);
		const ageBeforeInit = await heartbeatAge();

		const refused = await execInContainer(
			engine,
			'oms_428_429',
			['bash', '/root/docker_init.sh'],
			() => undefined,
			60_000,
		);
		expect(refused.exitCode).toBe(1);
		expect(refused.lines.at(-1)).toMatch(/\[ERROR\] Version before 4\.1\.1 is not allowed to upgrade$/);
		expect(await heartbeatAge()).toBeGreaterThanOrEqual(ageBeforeInit);

		await lab.sql("REPLACE INTO oms_rm.oms_version (version) VALUES ('4.2.8-CE')");
		const streamed: string[] = [];
		const completed = await execInContainer(
			engine,
			'oms_428_429',
			['bash', '/root/docker_init.sh'],
			line => streamed.push(line),
			60_000,
		);
		expect(completed.exitCode).toBe(0);
		expect(streamed).toEqual(completed.lines);
		expect(completed.lines.at(-1)).toMatch(/\[Completed\] All initialization steps are executed$/);
		expect(await lab.sql('SELECT version FROM oms_rm.oms_version ORDER BY version')).toEqual([
			{version: '4.2.8-CE'},
			{version: '4.2.9-CE'},
		]);
		expect(await lab.sql("SHOW COLUMNS FROM oms_rm.oms_normal_config LIKE 'cfg_desc'")).toHaveLength(1);

		await waitFor(
			async () =>
				(await lab.sql("SELECT host_status FROM oms_cm.host WHERE ip = '127.0.0.2'"))[0]?.host_status === 'ONLINE',
			{timeoutMs: 30_000},
		);
		expect(await heartbeatAge()).toBeLessThanOrEqual(5);
	});

	it('the old image refuses to serve metadata that is newer than itself', async () => {
		await lab.docker(0).getContainer('oms_428_429').stop({t: 5});
		await lab.docker(0).getContainer('oms_428').start();
		const log = join(lab.directory, 'node1', 'oms', 'oms_logs', 'oms-lab.log');
		await waitFor(
			async () =>
				(await readFile(log, 'utf8')).includes(
					'[oms 4.2.8-CE] [ERROR] the metadata is at 4.2.9-CE but this image is 4.2.8-CE',
				),
			{
				timeoutMs: 20_000,
			},
		);
	});
});

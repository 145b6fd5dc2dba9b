import {appendFile, readFile, stat, truncate} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';
import {argvContaining, filesContaining, loadScratch, tableRows, tableShapes} from '../helpers/upgrade-assertions.js';

/**
 * The guide's whole procedure on a 3-node, 2-region lab, then the rollback, checked against the end state it demands.
 */
let lab: Lab;
let planFile: string;
let workdir: string;
let haBefore: string;
/** The attempt the upgrade opens; its dumps live in backups/<attempt>/. */
let attempt: string;
const hosts = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];

beforeAll(async () => {
	lab = await startLab({nodes: 3, regions: 2});
	planFile = lab.state.planFile;
	workdir = join(lab.directory, 'oms-upgrade-lab');
	// An operator's key the tool does not know: it must survive every ha.config change.
	await lab.sql(
		`UPDATE oms_rm.oms_normal_config SET cfg_value = JSON_INSERT(cfg_value, '$.operatorNote', 'keep me') WHERE cfg_name = 'ha.config'`,
	);
	haBefore = String(
		(await lab.sql<{v: string}>("SELECT cfg_value AS v FROM oms_rm.oms_normal_config WHERE cfg_name = 'ha.config'"))[0]!
			.v,
	);
});

afterAll(async () => {
	await lab?.down();
});

const haNow = async () =>
	String(
		(await lab.sql<{v: string}>("SELECT cfg_value AS v FROM oms_rm.oms_normal_config WHERE cfg_name = 'ha.config'"))[0]!
			.v,
	);
const containers = async (index: number) =>
	(await lab.docker(index).listContainers({all: true}))
		.map(c => ({name: c.Names[0]!.slice(1), state: c.State, image: c.Image}))
		.sort((a, b) => a.name.localeCompare(b.name));

describe('a full upgrade, then a rollback, on a 2-region 3-node lab', () => {
	it('upgrades to the end state the guide demands, with the password on no command line', async () => {
		const run = runCli(['run', '-c', planFile, '--yes']);
		const sampled = await argvContaining(lab.state.metadb.password, run);
		const result = await run;
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/succeeded: OMS upgraded to 4\.2\.9-CE \(attempt \d{8}T\d{6}\)\.$/);
		expect(sampled.samples).toBeGreaterThan(20);
		expect(sampled.leaks).toEqual([]);

		for (const [index, host] of hosts.entries()) {
			expect(await containers(index)).toEqual([
				{name: 'oms_428', state: 'exited', image: 'oms:feature_4.2.8-ce'},
				{name: 'oms_428_429', state: 'running', image: 'oms:feature_4.2.9-ce'},
			]);
			const old = await lab.docker(index).getContainer('oms_428').inspect();
			const fresh = await lab.docker(index).getContainer('oms_428_429').inspect();
			expect(fresh.HostConfig.Binds).toEqual(old.HostConfig.Binds);
			expect(fresh.HostConfig.Privileged).toBe(old.HostConfig.Privileged);
			expect(fresh.HostConfig.NetworkMode).toBe('host');
			expect([null, 0, -1]).toContain(fresh.HostConfig.PidsLimit ?? null);
			expect(fresh.HostConfig.Ulimits).toEqual([{Name: 'nproc', Soft: 65_535, Hard: 65_535}]);
			expect(fresh.Config.Env).toEqual(expect.arrayContaining([`OMS_HOST_IP=${host}`, 'IS_UPGRADE=true']));
		}
		expect(await lab.sql('SELECT version FROM oms_rm.oms_version ORDER BY version')).toEqual([
			{version: '4.2.8-CE'},
			{version: '4.2.9-CE'},
		]);
		expect(JSON.parse(await haNow())).toEqual({
			...JSON.parse(haBefore),
			enable: true,
			perceiveStoreClientCheckpoint: true,
		});
		expect(await lab.sql('SELECT ip, host_status FROM oms_cm.host ORDER BY ip')).toEqual(
			hosts.map(ip => ({ip, host_status: 'ONLINE'})),
		);

		attempt = (JSON.parse(await readFile(join(workdir, 'journal.json'), 'utf8')) as {attempt: string}).attempt;
		const manifest = JSON.parse(await readFile(join(workdir, 'backups', attempt, 'manifest.json'), 'utf8')) as {
			backups: Array<{database: string; file: string; bytes: number; sha256: string}>;
		};
		expect(manifest.backups.map(entry => entry.database).sort()).toEqual([
			'oms_cm',
			'oms_cm_hb_1',
			'oms_cm_hb_2',
			'oms_rm',
		]);
		expect(manifest.backups.map(entry => entry.file).sort()).toEqual(
			['oms_cm', 'oms_cm_hb_1', 'oms_cm_hb_2', 'oms_rm'].map(database => `backups/${attempt}/${database}.sql`),
		);
		for (const entry of manifest.backups) {
			const text = await readFile(join(workdir, entry.file), 'utf8');
			expect(Buffer.byteLength(text)).toBe(entry.bytes);
			expect(text.trimEnd().split('\n').at(-1)).toMatch(/^-- Dump completed/);
			expect((await import('node:crypto')).createHash('sha256').update(text).digest('hex')).toBe(entry.sha256);
		}

		const journal = JSON.parse(await readFile(join(workdir, 'journal.json'), 'utf8')) as {
			t1: string;
			steps: Record<string, {finishedAt: string; nodes: Record<string, unknown>}>;
		};
		expect(journal.steps['stage-image']!.finishedAt < journal.t1).toBe(true);
		expect(Object.keys(journal.steps.init!.nodes)).toEqual(['127.0.0.2', '127.0.0.4']);
		const report = JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as Record<string, unknown>;
		expect(report).toMatchObject({
			outcome: 'succeeded',
			attempt,
			from: '4.2.8-CE',
			to: '4.2.9-CE',
			t1: journal.t1,
			rollbackDowntimeSec: null,
		});
		expect(report.downtimeSec).toBeGreaterThanOrEqual(0);
		expect(new Set((report.nodes as Array<{imageId: string}>).map(node => node.imageId)).size).toBe(1);
		expect((report.ha as {before: unknown}).before).toEqual(JSON.parse(haBefore));
		expect(await filesContaining(workdir, lab.state.metadb.password)).toEqual([]);
	});

	it('check after the upgrade is a health gate: exit 0, then exit 3 naming a node whose OMS went silent', async () => {
		// run --json on the upgraded cluster: JSON lines only, so `| jq` works in every outcome.
		const again = await runCli(['run', '-c', planFile, '--json']);
		expect(again.exitCode).toBe(0);
		const events = again.stdout
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as {type: string; nothingToDo?: boolean});
		expect(events.at(-1)).toMatchObject({type: 'run-finished', outcome: 'succeeded', nothingToDo: true});
		const healthy = await runCli(['check', '-c', planFile]);
		expect(healthy.exitCode, healthy.stdout + healthy.stderr).toBe(0);
		expect(healthy.stdout).toMatch(/^healthy: \d+ checks pass$/m);
		// Freeze node 127.0.0.3's OMS (its container's first process writes the heartbeats) and age its last beat.
		const running = (await lab.docker(1).listContainers()).find(container => container.State === 'running')!;
		const pid = (await lab.docker(1).getContainer(running.Id).inspect()).State.Pid;
		process.kill(pid, 'SIGSTOP');
		try {
			const databases = await lab.sql<{name: string}>(
				"SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'oms\\_cm\\_hb%'",
			);
			for (const {name} of databases)
				await lab.sql(
					`UPDATE \`${name}\`.heart_beat SET gmt_modified = NOW() - INTERVAL 2 MINUTE WHERE host_ip = '127.0.0.3'`,
				);
			const silent = await runCli(['check', '-c', planFile]);
			expect(silent.exitCode, silent.stdout + silent.stderr).toBe(3);
			expect(silent.stderr).toMatch(
				/the upgraded cluster is not healthy: node 127\.0\.0\.3: is (ONLINE in cm\.host, but its last heartbeat is \d+s old|OFFLINE in cm\.host)/,
			);
			expect(silent.stderr).not.toMatch(/node 127\.0\.0\.(2|4)/);
			const status = await runCli(['status', '-c', planFile]);
			expect(status.stdout).toMatch(/^ {2}✗ node 127\.0\.0\.3: /m);
		} finally {
			process.kill(pid, 'SIGCONT');
		}
		// Once its OMS beats again, the gate opens again.
		let recovered = await runCli(['check', '-c', planFile]);
		for (let tries = 0; recovered.exitCode !== 0 && tries < 10; tries++) {
			await new Promise(resolve => setTimeout(resolve, 1000));
			recovered = await runCli(['check', '-c', planFile]);
		}
		expect(recovered.exitCode, recovered.stdout + recovered.stderr).toBe(0);
	});

	it('a corrupt dump makes the rollback refuse before it changes anything', async () => {
		const dump = join(workdir, 'backups', attempt, 'oms_cm.sql');
		const {size} = await stat(dump);
		await appendFile(dump, '-- tampered\n');
		try {
			const refused = await runCli(['rollback', '-c', planFile, '--yes']);
			expect(refused.exitCode).toBe(2);
			expect(refused.stderr).toMatch(
				new RegExp(
					`refused at rb-restore: the dumps do not match .*/backups/${attempt}/manifest\\.json: backups/${attempt}/oms_cm\\.sql has sha256 [0-9a-f]{16}…, the manifest says [0-9a-f]{16}…\\. Nothing was changed`,
				),
			);
			for (const index of hosts.keys())
				expect((await containers(index)).find(c => c.name === 'oms_428_429')?.state).toBe('running');
			expect(JSON.parse(await haNow()).enable).toBe(true);
		} finally {
			await truncate(dump, size);
		}
	});

	it('rolls back: the tables as dumped, the old containers running, ha.config as found', async () => {
		const result = await runCli(['rollback', '-c', planFile, '--yes']);
		expect(result.stdout).toMatch(
			new RegExp(
				`rolled back attempt ${attempt}: init \\(docker_init\\.sh\\) ran: the MetaDB is restored from this attempt's dumps; restored \\d+ tables, row counts equal\\.`,
			),
		);
		const manifest = JSON.parse(await readFile(join(workdir, 'backups', attempt, 'manifest.json'), 'utf8')) as {
			backups: Array<{charset: string; tables: Record<string, number>}>;
		};
		expect(manifest.backups.every(entry => entry.charset !== '' && Object.keys(entry.tables).length > 0)).toBe(true);
		expect(result.exitCode).toBe(0);
		for (const index of hosts.keys()) {
			expect(await containers(index)).toEqual([
				{name: 'oms_428', state: 'running', image: 'oms:feature_4.2.8-ce'},
				{name: `oms_428_429-${attempt}`, state: 'exited', image: 'oms:feature_4.2.9-ce'},
			]);
		}
		// Every key as found, with HA on under the guide's rule over the old OMS's outage (the lab's plan says
		// perceive).
		expect(JSON.parse(await haNow())).toEqual({...JSON.parse(haBefore), perceiveStoreClientCheckpoint: true});

		for (const database of ['oms_rm', 'oms_cm', 'oms_cm_hb_1', 'oms_cm_hb_2']) {
			await loadScratch(lab, `chk_${database}`, join(workdir, 'backups', attempt, `${database}.sql`));
			expect(await tableShapes(lab, database)).toEqual(await tableShapes(lab, `chk_${database}`));
		}
		for (const [database, table] of [
			['oms_rm', 'oms_version'],
			['oms_rm', 'cluster_info'],
			['oms_rm', 'project'],
			['oms_cm', 'resource_group'],
		] as const) {
			expect(await tableRows(lab, database, table)).toEqual(await tableRows(lab, `chk_${database}`, table));
		}
		expect(await lab.sql("SHOW COLUMNS FROM oms_rm.oms_normal_config LIKE 'cfg_desc'")).toEqual([]);
		expect(await lab.sql('SELECT version FROM oms_rm.oms_version')).toEqual([{version: '4.2.8-CE'}]);
		expect(await lab.sql('SELECT ip, host_status FROM oms_cm.host ORDER BY ip')).toEqual(
			hosts.map(ip => ({ip, host_status: 'ONLINE'})),
		);

		const report = JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as {
			outcome: string;
			attempt: string;
			t3: string;
			t4: string;
			rollbackDowntimeSec: number;
			nodes: Array<{keptAs: string}>;
		};
		expect(report).toMatchObject({outcome: 'rolled-back', attempt});
		expect(report.t3).toMatch(/^\d{4}-/);
		expect(report.t4 > report.t3).toBe(true);
		expect(report.rollbackDowntimeSec).toBeGreaterThanOrEqual(0);
		expect(report.nodes.map(node => node.keptAs)).toEqual(hosts.map(() => `oms_428_429-${attempt}`));
		const status = await runCli(['status', '-c', planFile]);
		expect(status.stdout).toContain(
			'No attempt open: this plan has not been run, or its last attempt was rolled back (see report.json).',
		);
	});
});

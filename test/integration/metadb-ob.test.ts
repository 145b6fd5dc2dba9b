import {chmod, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {basename, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import type {LabState} from '../../source/lab/lab-state.js';
import {rootQuery} from '../../source/lab/metadb-server.js';
import {cliPath, runCli, startCli} from '../helpers/cli.js';
import {openTerminal, type Terminal} from '../helpers/tmux.js';
import {ensureLabPrerequisites} from '../helpers/system-deps.js';
import {argvContaining, filesContaining} from '../helpers/upgrade-assertions.js';

/**
 * A MetaDB as an OceanBase site runs it, on a lab started through the CLI: the OBProxy stand-in refuses the
 * lock functions and takes `user@tenant#cluster`, the user is granted by pattern, and the password holds
 * every character that breaks naive quoting. check, run, status and rollback all work, and the password
 * appears on no command line, in no output and in no file of the workdir.
 */
const password = `Oms #1=;"x'\\ y z`;
let root: string;
let directory: string;
let state: LabState;
let planFile: string;
let workdir: string;
let terminal: Terminal | undefined;

const sql = async <T>(statement: string) => (await rootQuery(state.metadb.socket, statement)) as T[];
const leaseRows = () =>
	sql<{holder_user: string; pid: number; command: string}>(
		'SELECT holder_user, pid, command FROM oms_rm.oms_upgrade_lock',
	).catch(() => []);
const noPassword = (...texts: string[]) => expect(texts.filter(text => text.includes(password))).toEqual([]);

beforeAll(async () => {
	await ensureLabPrerequisites();
	root = await mkdtemp('/tmp/omsu-');
	directory = join(root, 'lab');
	const passwordFile = join(root, 'metadb-password');
	await writeFile(passwordFile, `${password}\n`);
	await chmod(passwordFile, 0o600);
	const up = await runCli([
		'lab',
		'up',
		'--dir',
		directory,
		'--nodes',
		'2',
		'--metadb',
		'ob',
		'--grants',
		'pattern',
		'--metadb-password-file',
		passwordFile,
	]);
	expect(up.stderr).toBe('');
	expect(up.exitCode).toBe(0);
	expect(up.stdout).toMatch(
		/MetaDB +mariadbd pid \d+ on 127\.0\.0\.1:\d+ behind the OBProxy stand-in pid \d+ on 127\.0\.0\.1:\d+ \(refuses GET_LOCK; user oms_meta@oms_tenant#obcluster logs in as oms_meta\) \(user oms_meta@oms_tenant#obcluster, grants pattern;/,
	);
	noPassword(up.stdout);
	state = JSON.parse(await readFile(join(directory, 'lab.json'), 'utf8')) as LabState;
	planFile = state.planFile;
	workdir = join(directory, 'oms-upgrade-lab');
});

afterAll(async () => {
	await terminal?.kill();
	if (directory) await runCli(['lab', 'down', '--dir', directory]);
	if (root) await rm(root, {recursive: true, force: true});
});

describe('an OceanBase-style MetaDB', () => {
	it("points the nodes' config.yaml at the stand-in, with the OBProxy-style user and the password as given", async () => {
		const config = parse(await readFile(join(directory, 'node1', 'oms', 'config.yaml'), 'utf8')) as Record<
			string,
			unknown
		>;
		expect(config).toMatchObject({
			oms_meta_port: state.metadb.port,
			oms_meta_user: 'oms_meta@oms_tenant#obcluster',
			oms_meta_password: password,
		});
		expect(state.metadb.port).not.toBe(state.metadb.serverPort);
		expect(
			await sql("SELECT CONCAT(user, '@', host) AS who FROM mysql.user WHERE user LIKE 'oms%' ORDER BY 1"),
		).toEqual([{who: 'oms_meta@127.0.0.1'}, {who: 'oms_meta@localhost'}]);
	});

	it('plan and check pass: the pattern grant is understood', async () => {
		const plan = await runCli(['plan', '-c', planFile]);
		expect(plan.exitCode).toBe(0);
		expect(plan.stdout).toContain(`MetaDB   oms_meta@oms_tenant#obcluster@127.0.0.1:${state.metadb.port}`);
		expect(plan.stdout).toContain('--ignore-table=oms_rm.oms_upgrade_lock');
		const check = await runCli(['check', '-c', planFile]);
		expect(check.stderr).toBe('');
		expect(check.exitCode).toBe(0);
		expect(check.stdout).toContain(
			`oms_meta@oms_tenant#obcluster@127.0.0.1:${state.metadb.port} connected; privileges cover oms_rm, oms_cm, oms_cm_hb_1`,
		);
		noPassword(plan.stdout, plan.stderr, check.stdout);
	});

	it('a run holds a lease row instead of GET_LOCK, and a second operator is refused naming it', async () => {
		const first = startCli(['run', '-c', planFile]);
		await first.waitForPrompt(1);
		expect(await leaseRows()).toEqual([
			{holder_user: expect.any(String), pid: first.process.pid, command: 'oms-upgrade run'},
		]);
		// Another jump host: the same cluster through another plan file and workdir.
		const other = join(directory, 'other-jump.yaml');
		await writeFile(other, `${await readFile(planFile, 'utf8')}workdir: ./other-jump\n`);
		const second = await runCli(['run', '-c', other, '--yes']);
		expect(second.exitCode).toBe(1);
		expect(second.stderr).toMatch(
			new RegExp(
				`another oms-upgrade holds the MetaDB lease oms-upgrade:oms_rm in \`oms_rm\`\\.oms_upgrade_lock: \\S+ pid ${first.process.pid} \\(\`oms-upgrade run\`\\) since .* UTC`,
			),
		);
		first.answer('n\n');
		expect(await first.exit).toBe(1);
		expect(await leaseRows()).toEqual([]);
		noPassword(first.stderr(), JSON.stringify(first.events), second.stdout, second.stderr);
	});

	it('upgrades, with the password on no command line, in no output and in no file', async () => {
		const run = runCli(['run', '-c', planFile, '--yes']);
		const sampled = await argvContaining(password, run);
		const result = await run;
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/succeeded: OMS upgraded to 4\.2\.9-CE \(attempt \d{8}T\d{6}\)\.$/);
		expect(sampled.samples).toBeGreaterThan(20);
		expect(sampled.leaks).toEqual([]);
		noPassword(result.stdout);
		expect(await filesContaining(workdir, password)).toEqual([]);
		expect(await leaseRows()).toEqual([]);
		const dumps = (await readdir(join(workdir, 'backups'), {recursive: true})).filter(name => name.endsWith('.sql'));
		expect(dumps.map(name => basename(name)).sort()).toEqual(['oms_cm.sql', 'oms_cm_hb_1.sql', 'oms_rm.sql']);
		for (const dump of dumps)
			expect(await readFile(join(workdir, 'backups', dump), 'utf8')).not.toContain('oms_upgrade_lock');
		const report = JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as {outcome: string};
		expect(report.outcome).toBe('succeeded');
		const status = await runCli(['status', '-c', planFile]);
		expect(status.exitCode).toBe(0);
		noPassword(status.stdout, status.stderr);
	});

	it('rolls back from the dumps, leaving no lease behind', async () => {
		const result = await runCli(['rollback', '-c', planFile, '--yes']);
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		noPassword(result.stdout);
		expect(await leaseRows()).toEqual([]);
		expect(await sql('SELECT version FROM oms_rm.oms_version ORDER BY version')).toEqual([{version: '4.2.8-CE'}]);
		expect(await filesContaining(workdir, password)).toEqual([]);
	});

	it('the console runs the upgrade again after the rollback, on the lease, with the password nowhere on screen', async () => {
		terminal = await openTerminal(
			'omsu-ob-console',
			`node ${cliPath} console -c ${planFile}; echo "console exited $?"; sleep 120`,
			120,
			40,
		);
		const first = await terminal.waitForScreen(/ONLINE · heartbeat \d+s/);
		expect(first).toContain(`MetaDB 127.0.0.1:${state.metadb.port} as oms_meta (tenant oms_tenant, cluster obcluster)`);
		await terminal.pressUntil('a', 'stop-old: docker stop oms_428@127.0.0.2, oms_428@127.0.0.3');
		expect(await leaseRows()).toEqual([
			{holder_user: expect.any(String), pid: expect.any(Number), command: 'oms-upgrade run'},
		]);
		// Every question from here on is a confirmation to accept: stop-old, start-new (which also removes the
		// container the rollback kept), init.
		const done = await terminal.pressUntil('y', 'succeeded: OMS upgraded to 4.2.9-CE', 240_000);
		noPassword(done);
		expect(await leaseRows()).toEqual([]);
		// q may land while the run is still closing its sessions: the console then asks first (a step is running),
		// and y quits; a run that never ended would not exit 0 even so.
		await terminal.keys('q');
		await terminal.pressUntil('y', 'console exited 0');
	});
});

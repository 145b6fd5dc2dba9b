import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, readFile, rm, stat} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isAlive} from '../../source/lab/processes.js';
import {processesNaming} from '../helpers/processes-naming.js';
import {upgradeSteps, rollbackSteps} from '../../source/steps/index.js';
import {runCli} from '../helpers/cli.js';
import {ensureLabPrerequisites} from '../helpers/system-deps.js';

/** The commands an operator types, against a lab started and stopped through the CLI itself. */
let directory: string;
let planFile: string;
let password: string;

beforeAll(async () => {
	await ensureLabPrerequisites();
	directory = join(await mkdtemp('/tmp/omsu-'), 'lab');
	const up = await runCli(['lab', 'up', '--dir', directory, '--nodes', '2', '--source-version', '4.2.5']);
	expect(up.stderr).toBe('');
	expect(up.exitCode).toBe(0);
	expect(up.stdout).toContain('OMS 4.2.5-CE on 2 nodes in 1 region(s)');
	planFile = join(directory, 'oms-upgrade.yaml');
	password = (JSON.parse(await readFile(join(directory, 'lab.json'), 'utf8')) as {metadb: {password: string}}).metadb
		.password;
});

afterAll(async () => {
	await runCli(['lab', 'down', '--dir', directory]);
	await rm(dirname(directory), {recursive: true, force: true});
});

describe('oms-upgrade on a lab', () => {
	it('lab status reports the engines, the MetaDB and the old containers', async () => {
		const status = await runCli(['lab', 'status', '--dir', directory, '--json']);
		expect(status.exitCode).toBe(0);
		const parsed = JSON.parse(status.stdout) as {
			running: boolean;
			metadbRunning: boolean;
			nodes: Array<{host: string; engineRunning: boolean; containers: unknown[]}>;
		};
		expect(parsed.running).toBe(true);
		expect(parsed.metadbRunning).toBe(true);
		expect(parsed.nodes).toEqual([
			{
				host: '127.0.0.2',
				engineRunning: true,
				containers: [{name: 'oms_425', state: 'running', image: 'oms:feature_4.2.5-ce'}],
			},
			{
				host: '127.0.0.3',
				engineRunning: true,
				containers: [{name: 'oms_425', state: 'running', image: 'oms:feature_4.2.5-ce'}],
			},
		]);
	});

	it('plan prints every step with its exact actions and never the password', async () => {
		const plan = await runCli(['plan', '-c', planFile]);
		expect(plan.exitCode).toBe(0);
		expect(plan.stdout).toContain('Plan lab: OMS 4.2.5-CE → 4.2.9-CE, 2 node(s) in 1 region(s)');
		expect(plan.stdout).toMatch(/127\.0\.0\.3 +docker +docker stop -t 60 oms_425 /);
		expect(plan.stdout).toMatch(
			/mysqldump --defaults-extra-file=\S+ --triggers=false --single-transaction --loose-column-statistics=0 .* oms_cm_hb_1 > \S+\/oms_cm_hb_1\.sql\.partial-<pid>\n/,
		);
		expect(plan.stdout).toContain(
			'-e OMS_HOST_IP=127.0.0.2 -e IS_UPGRADE=true --pids-limit -1 --ulimit nproc=65535:65535 oms:feature_4.2.9-ce',
		);
		expect(plan.stdout + plan.stderr).not.toContain(password);

		const json = await runCli(['plan', '-c', planFile, '--json']);
		const parsed = JSON.parse(json.stdout) as {
			from: string;
			steps: Array<{id: string; actions: unknown[]}>;
			rollback: Array<{id: string}>;
		};
		expect(parsed.from).toBe('4.2.5-CE');
		expect(parsed.steps.map(step => step.id)).toEqual(upgradeSteps.map(step => step.id));
		expect(parsed.rollback.map(step => step.id)).toEqual(rollbackSteps.map(step => step.id));
		expect(parsed.steps.every(step => step.actions.length > 0)).toBe(true);
		expect(json.stdout).not.toContain(password);
	});

	it('check passes on the lab and exits 3 naming the node when a container is stopped', async () => {
		const ok = await runCli(['check', '-c', planFile]);
		expect(ok.exitCode).toBe(0);
		expect(ok.stdout).toMatch(/0 fail$/m);

		const socket = join(directory, 'node2', 'engine', 'docker.sock');
		const Docker = (await import('dockerode')).default;
		const container = new Docker({socketPath: socket}).getContainer('oms_425');
		await container.stop({t: 2});
		try {
			const failed = await runCli(['check', '-c', planFile]);
			expect(failed.exitCode).toBe(3);
			expect(failed.stdout).toContain(
				'✗ FAIL  [127.0.0.3] old container exists and runs: container oms_425 is exited, not running',
			);
			expect(failed.stderr).toBe(
				'oms-upgrade: preflight failed: node 127.0.0.3: old container exists and runs. Fix what each failure above says, then run `oms-upgrade check` again.\n'.trimEnd(),
			);
		} finally {
			await container.start();
		}
	});

	it('a bad plan file exits 2 with the field named; the console refuses without a terminal', async () => {
		const bad = await runCli(['check', '-c', join(directory, 'missing.yaml')]);
		expect(bad.exitCode).toBe(2);
		expect(bad.stderr).toMatch(/missing\.yaml: cannot read the plan file \(ENOENT\)/);
		const consoleRun = await runCli(['console', '-c', planFile]);
		expect(consoleRun.exitCode).toBe(2);
		expect(consoleRun.stderr).toBe(
			'oms-upgrade: the console needs a terminal on stdin and stdout. Use `oms-upgrade run` (line output, --yes for no questions) in scripts and pipes.',
		);
	});

	it('lab down leaves no process, mount or directory behind, and touches nothing it did not start', async () => {
		// An operator's own processes named like the lab: a notes file beside it, a sibling directory, the lab's name.
		const sibling = `${directory}-prod`;
		await mkdir(sibling, {recursive: true});
		const theirs = [
			spawn('sh', ['-c', 'exec sleep 600', `${directory}-notes.txt`], {cwd: sibling, stdio: 'ignore', detached: true}),
			spawn('sh', ['-c', 'exec sleep 600', `tail -f ${directory}`], {cwd: sibling, stdio: 'ignore', detached: true}),
		];
		try {
			const down = await runCli(['lab', 'down', '--dir', directory]);
			expect(down.exitCode).toBe(0);
			// It says what it deletes first, by pid, then that it did.
			expect(down.stdout.split('\n')[0]).toBe(`lab down in ${directory} stops and deletes:`);
			expect(down.stdout).toMatch(
				/127\.0\.0\.2: every container of its dockerd .*, dockerd pid \d+ and its images, sshd pid \d+/,
			);
			expect(down.stdout).toMatch(/the MetaDB: mariadbd pid \d+/);
			expect(down.stdout.split('\n').at(-1)).toBe(`lab in ${directory} stopped and removed`);
			for (const process of theirs) expect(isAlive(process.pid!), `pid ${process.pid} was killed`).toBe(true);
		} finally {
			for (const process of theirs) process.kill('SIGKILL');
			await rm(sibling, {recursive: true, force: true});
		}
		expect(await processesNaming(`${directory}/`)).toEqual([]);
		expect((await readFile('/proc/self/mountinfo', 'utf8')).includes(directory)).toBe(false);
		await expect(stat(directory)).rejects.toThrow(/ENOENT/);
		const again = await runCli(['lab', 'down', '--dir', directory]);
		expect(again.stdout).toBe(`no lab in ${directory} (nothing to do)`);
	});
});

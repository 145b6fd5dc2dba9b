import {readFile, stat, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isLog, isStep, runCli, startCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/**
 * What a new operator does with nothing more exotic than single steps, --from, No, Ctrl-C, a closed pipe
 * and a second attempt: each case of the safety issue, in the order an afternoon on one lab brings them.
 */
let lab: Lab;
let planFile: string;
let workdir: string;
const hosts = ['127.0.0.2', '127.0.0.3'];

beforeAll(async () => {
	lab = await startLab({nodes: 2, regions: 2});
	planFile = lab.state.planFile;
	workdir = join(lab.directory, 'oms-upgrade-lab');
});

afterAll(async () => {
	await lab?.down();
});

type Journal = {
	attempt: string;
	steps: Record<string, {status: string; reason: string | null} | undefined>;
	runs: Array<{outcome: string; detail: string}>;
	nodes: Record<string, {startMark: string}>;
};
const journal = async () => JSON.parse(await readFile(join(workdir, 'journal.json'), 'utf8')) as Journal;
const report = async () =>
	JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as {
		outcome: string;
		detail: string;
		attempt: string;
		downtimeSec: number;
		rollbackDowntimeSec: number | null;
	};
const ha = async () =>
	JSON.parse(
		String(
			(
				await lab.sql<{v: string}>("SELECT cfg_value AS v FROM oms_rm.oms_normal_config WHERE cfg_name = 'ha.config'")
			)[0]!.v,
		),
	) as {
		enable: boolean;
	};
const states = async (name: string) =>
	Promise.all(hosts.map(async (_, index) => (await lab.docker(index).getContainer(name).inspect()).State.Status));
const lockGone = async () =>
	stat(join(workdir, 'lock')).then(
		() => false,
		() => true,
	);

describe('single steps, --from and No never change what was not asked for', () => {
	it('case 2: a refused step is refused (exit 2), not failed, and leaves the journal as it was', async () => {
		const refused = await runCli(['run', '-c', planFile, '--from', 'start-new']);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toMatch(
			/oms-upgrade: refused at start-new: backup has not been done in this attempt \(\d{8}T\d{6}\): run `oms-upgrade run` \(or `--from [\w-]+`\), which does it first\. Nothing of start-new was done\./,
		);
		expect((await journal()).steps['start-new']).toBeUndefined();
		expect(await states('oms_428')).toEqual(['running', 'running']);

		const noBackup = await runCli(['run', '-c', planFile, '--from', 'start-new', '--yes']);
		expect(noBackup.exitCode).toBe(2);
		expect((await journal()).steps['start-new']).toBeUndefined();
		expect(await states('oms_428')).toEqual(['running', 'running']);
	});

	it('case 5: end of input and Ctrl-C at the first question leave HA on; Ctrl-C exits 130', async () => {
		// A stale image under the target's tag on one node: stage-image must load the package over it, not pass it.
		const first = lab.docker(0);
		await first.getImage('oms:feature_4.2.8-ce').tag({repo: 'oms', tag: 'feature_4.2.9-ce'});
		const noTerminal = await runCli(['run', '-c', planFile]);
		expect(noTerminal.stdout).toMatch(
			/stage-image +127\.0\.0\.2 +WARN oms:feature_4\.2\.9-ce is present as sha256:\w+, but the package holds sha256:\w+: loading the package over it/,
		);
		const ids = await Promise.all(
			hosts.map(async (_, index) => (await lab.docker(index).getImage('oms:feature_4.2.9-ce').inspect()).Id),
		);
		expect(new Set(ids).size).toBe(1);
		expect(ids[0]).not.toBe((await first.getImage('oms:feature_4.2.8-ce').inspect()).Id);
		expect(noTerminal.exitCode).toBe(1);
		expect(noTerminal.stderr).toContain(
			'paused at disable-ha: stop-old was not confirmed, so nothing of disable-ha was done',
		);
		expect((await ha()).enable).toBe(true);

		const run = startCli(['run', '-c', planFile]);
		await run.waitForPrompt(1);
		run.process.kill('SIGINT');
		expect(await run.exit).toBe(130);
		expect((await ha()).enable).toBe(true);
		expect((await journal()).runs.at(-1)!.outcome).toBe('interrupted');
		expect(await lockGone()).toBe(true);
	});

	it('case 3: one step is "paused at" the next one, everywhere: output, report, status, exit 0', async () => {
		// The runs above staged the image (nothing stops for that) and stopped at the first question.
		const one = await runCli(['run', '-c', planFile, '--only', 'preflight']);
		expect(one.exitCode).toBe(0);
		expect(one.stdout.trimEnd().split('\n').at(-1)).toMatch(
			/ paused at disable-ha: the selected steps are done; the upgrade is not finished/,
		);
		expect(one.stdout).not.toMatch(/succeeded|SUCCEEDED: OMS upgraded/);
		expect(await report()).toMatchObject({outcome: 'paused', detail: expect.stringMatching(/^paused at disable-ha/)});
		const status = await runCli(['status', '-c', planFile]);
		expect(status.stdout).toMatch(/last run \d{8}T\d{6}-run paused: paused at disable-ha/);
		expect(status.stdout).toMatch(/✓ stage-image +succeeded/);
	});

	it('case 5: HA disabled by a single step is shown plainly, and a run cut short before stop-old puts it back', async () => {
		expect((await runCli(['run', '-c', planFile, '--yes', '--only', 'disable-ha'])).exitCode).toBe(0);
		expect((await ha()).enable).toBe(false);
		const status = await runCli(['status', '-c', planFile]);
		expect(status.stdout).toMatch(
			/^HA: OFF: disabled by attempt \d{8}T\d{6}; `oms-upgrade run` enables it at the end, `oms-upgrade rollback` puts it back$/m,
		);

		const declined = await runCli(['run', '-c', planFile]);
		expect(declined.exitCode).toBe(1);
		expect(declined.stderr).toContain('paused at stop-old: stop-old was not confirmed');
		// HA put back undoes disable-ha: the advice names where the next run begins.
		expect(declined.stderr).toContain('run again to continue from disable-ha, which disables HA again.');
		expect(declined.stderr).toContain('Proceed? [y/N] (end of input: No)\n');
		expect(declined.stderr).toContain('ha.config put back as found (enable=true): the run ended before stop-old');
		expect((await ha()).enable).toBe(true);
		expect((await journal()).steps['disable-ha']).toMatchObject({
			status: 'pending',
			reason: 'ha.config put back as found: the run ended before stop-old',
		});
	});
});

describe('crashes and closed pipes during downtime', () => {
	it('case 7: a container created but never started (a crash between create and start) is adopted on resume', async () => {
		const paused = await runCli(['run', '-c', planFile], {input: 'y\nn\n'});
		expect(paused.exitCode).toBe(1);
		expect(paused.stderr).toContain('paused at start-new: start-new was not confirmed');
		// Answers read from a pipe are shown after their question, each on its line.
		expect(paused.stderr).toMatch(/Proceed\? \[y\/N\] y\n[^]*Proceed\? \[y\/N\] n\n/);
		const {attempt} = await journal();
		// What the tool's create call leaves when the process dies before start: the same spec, this attempt's label.
		for (const [index, host] of hosts.entries()) {
			const old = await lab.docker(index).getContainer('oms_428').inspect();
			await lab.docker(index).createContainer({
				name: 'oms_428_429',
				Image: 'oms:feature_4.2.9-ce',
				Env: [`OMS_HOST_IP=${host}`, 'IS_UPGRADE=true'],
				Labels: {'oms-upgrade.from': 'oms_428', 'oms-upgrade.attempt': attempt},
				HostConfig: {Binds: old.HostConfig.Binds, NetworkMode: 'host'},
			});
		}
		const check = await runCli(['check', '-c', planFile]);
		expect(check.stdout).toMatch(
			/✓ pass {2}\[127\.0\.0\.2\] new container name free: oms_428_429 was created by this attempt \(\d{8}T\d{6}, created\): it is adopted/,
		);
		const onlyStart = await runCli(['run', '-c', planFile, '--yes', '--only', 'start-new']);
		expect(onlyStart.exitCode).toBe(0);
		expect(onlyStart.stdout).toMatch(
			/start-new +127\.0\.0\.2 +oms_428_429 was created by this attempt \(created\): adopted/,
		);
		expect(await states('oms_428_429')).toEqual(['running', 'running']);
	});

	it('case 7: a closed output pipe is an interruption: the call finishes, exit 130, journal and locks consistent', async () => {
		const run = startCli(['run', '-c', planFile, '--yes']);
		await run.waitForEvent(isStep('init'));
		run.process.stdout!.destroy();
		expect(await run.exit).toBe(130);
		expect(run.stderr()).toContain('oms-upgrade: the output was closed: finishing the current call, then stopping');
		const state = await journal();
		expect(state.runs.at(-1)!.outcome).toBe('interrupted');
		expect(state.steps.init!.status).not.toBe('running');
		expect(await lockGone()).toBe(true);
	});

	it('case 6: verify never counts the rows a stopped cluster leaves: ONLINE hosts with heartbeats older than the start', async () => {
		expect((await runCli(['run', '-c', planFile, '--yes', '--only', 'init'])).exitCode).toBe(0);
		// Freeze the new OMS and put every heartbeat a second before its container's start, 20 s ago at most: fresh by
		// age alone.
		for (const index of hosts.keys()) await lab.docker(index).getContainer('oms_428_429').pause();
		try {
			const marks = (await journal()).nodes;
			for (const [index, host] of hosts.entries()) {
				await lab.sql(
					`UPDATE oms_cm_hb_${index + 1}.heart_beat SET gmt_modified = TIMESTAMP('${marks[host]!.startMark}') - INTERVAL 1 SECOND WHERE host_ip = '${host}'`,
				);
				await lab.sql(`UPDATE oms_cm.host SET host_status = 'ONLINE' WHERE ip = '${host}'`);
			}
			const fast = join(lab.directory, 'fast-verify.yaml');
			await writeFile(
				fast,
				(await readFile(planFile, 'utf8')).replace(/verify:\n {2}timeoutSec: \d+/, 'verify:\n  timeoutSec: 4') +
					'workdir: ./oms-upgrade-lab\n',
			);
			const verify = await runCli(['run', '-c', fast, '--yes', '--only', 'verify']);
			expect(verify.exitCode).toBe(1);
			expect(verify.stderr).toMatch(
				/failed at verify: not every server is Online after 4s: 127\.0\.0\.2: ONLINE in cm\.host, but its last heartbeat \([\d: -]+\) is not after its container's start \([\d: -]+\): a stale row/,
			);
		} finally {
			for (const index of hosts.keys()) await lab.docker(index).getContainer('oms_428_429').unpause();
		}
		const resumed = await runCli(['run', '-c', planFile, '--yes']);
		expect(resumed.exitCode).toBe(0);
		expect(resumed.stdout).toMatch(/succeeded: OMS upgraded to 4\.2\.9-CE \(attempt \d{8}T\d{6}\)\.$/m);
	});
});

describe('an upgraded cluster, a frozen engine, a second attempt', () => {
	it('case 8: already at the target, plan, check and run say so and exit 0', async () => {
		for (const command of ['plan', 'check', 'run']) {
			const result = await runCli([command, '-c', planFile]);
			expect(result.exitCode).toBe(0);
			expect(result.stdout).toMatch(
				/already upgraded to 4\.2\.9-CE by attempt \d{8}T\d{6} \(HA back on at [\d:T.-]+Z\); nothing to do/,
			);
			expect(result.stdout).not.toContain('docker start');
		}
	});

	it('case 4: a frozen engine fails a command within its deadline, naming the node and the call', async () => {
		const pid = lab.state.engines[1]!.pid;
		process.kill(pid, 'SIGSTOP');
		try {
			const started = Date.now();
			const status = await runCli(['status', '-c', planFile]);
			expect(Date.now() - started).toBeLessThan(25_000);
			expect(status.stdout).toMatch(
				/127\.0\.0\.3 .*node 127\.0\.0\.3: Docker at ssh:\/\/oms-node-2 did not answer `reach the engine \(GET \/version\)` within 10s/,
			);
			// An engine that did not answer says nothing of the containers: unknown, not missing or absent.
			expect(status.stdout).toMatch(/127\.0\.0\.3 +old oms_428 unknown · new oms_428_429 unknown/);
		} finally {
			process.kill(pid, 'SIGCONT');
		}
	});

	it('case 1: a rollback after a second attempt declined restores nothing over the running OMS', async () => {
		const first = await runCli(['rollback', '-c', planFile, '--yes']);
		expect(first.exitCode).toBe(0);
		const firstReport = await report();
		expect(firstReport).toMatchObject({outcome: 'rolled-back'});
		expect(firstReport.rollbackDowntimeSec).toBeGreaterThanOrEqual(0);
		expect(firstReport.downtimeSec).toBeGreaterThan(0);

		const declined = await runCli(['run', '-c', planFile]);
		expect(declined.exitCode).toBe(1);
		await lab.sql("INSERT INTO oms_rm.project (name, status) VALUES ('written by the running OMS', 'RUNNING')");
		const second = await runCli(['rollback', '-c', planFile, '--yes']);
		expect(second.exitCode).toBe(0);
		expect(second.stdout).toMatch(/rb-restore +- +SKIPPED: nothing was stopped: only ha\.config is put back as found/);
		expect(second.stdout).not.toContain('DROP DATABASE');
		expect(await lab.sql("SELECT name FROM oms_rm.project WHERE name = 'written by the running OMS'")).toHaveLength(1);
		expect(await states('oms_428')).toEqual(['running', 'running']);
	});

	it('a new attempt names the containers kept by the last rollback and removes them; the rollback confirmation names what it loses', async () => {
		const run = startCli(['run', '-c', planFile]);
		await run.waitForPrompt(1);
		run.answer('y\n');
		await run.waitForPrompt(2);
		expect(run.stderr()).toMatch(
			/start-new: create and start .* First remove the containers kept by earlier attempts' rollbacks: oms_428_429-\d{8}T\d{6}@127\.0\.0\.2 \(attempt \d{8}T\d{6}, exited\)/,
		);
		run.answer('y\n');
		await run.waitForPrompt(3);
		run.answer('y\n');
		expect(await run.exit).toBe(0);
		await run.waitForEvent(isLog(/^docker rm oms_428_429-\d{8}T\d{6} {2}\(kept from attempt/, 'start-new'));
		for (const index of hosts.keys())
			expect((await lab.docker(index).listContainers({all: true})).map(c => c.Names[0]).sort()).toEqual([
				'/oms_428',
				'/oms_428_429',
			]);

		const rollback = await runCli(['rollback', '-c', planFile], {input: 'yes\n'});
		expect(rollback.exitCode).toBe(1);
		expect(rollback.stderr).toMatch(
			/Roll back attempt \d{8}T\d{6}: init \(docker_init\.sh\) ran: the MetaDB is restored from this attempt's dumps\. .* from the dumps taken at [\d:T.-]+Z; every change made to them after that time is lost\./,
		);
		expect(rollback.stderr).toContain('Type rollback to confirm: ');
		expect(await states('oms_428_429')).toEqual(['running', 'running']);
	});

	it('case 8: an unset password variable is a config error naming it', async () => {
		const withEnv = join(lab.directory, 'password-env.yaml');
		await writeFile(withEnv, (await readFile(planFile, 'utf8')) + 'metadb: {passwordEnv: OMS_TEST_PASSWORD_UNSET}\n');
		const result = await runCli(['plan', '-c', withEnv]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain(
			'metadb.passwordEnv: names OMS_TEST_PASSWORD_UNSET, which is not set in this environment',
		);
	});
});

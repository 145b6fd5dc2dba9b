import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import mysql from 'mysql2/promise';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startLabDaemon, stopLabDaemon} from '../../source/lab/lab-daemons.js';
import {isLog, runCli, startCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/** Outside failures in the middle of an upgrade: a clear error, the journal kept, and a resume that works. */
let lab: Lab;
let planFile: string;
let workdir: string;

// Each failure gets a fresh lab, so each resume runs the rest of the upgrade to its end.
beforeEach(async () => {
	lab = await startLab({nodes: 2, regions: 1});
	planFile = lab.state.planFile;
	workdir = join(lab.directory, 'oms-upgrade-lab');
});

afterEach(async () => {
	await lab?.down();
});

const stepStatus = async (id: string) =>
	(
		JSON.parse(await readFile(join(workdir, 'journal.json'), 'utf8')) as {
			steps: Record<string, {status: string; nodes: Record<string, {status: string; reason: string}>}>;
		}
	).steps[id];

describe('failures during the upgrade', () => {
	it('the MetaDB stops during backup: a clear error, the journal kept, resume once it is back', async () => {
		const holder = await mysql.createConnection({socketPath: lab.state.metadb.socket, user: 'root'});
		await holder.query('LOCK TABLES oms_rm.project WRITE');
		const run = startCli(['run', '-c', planFile, '--yes']);
		await run.waitForEvent(isLog(/^mysqldump .* oms_rm > \S+\.partial-\d+$/, 'backup'));
		await stopLabDaemon(lab.directory, 'metadb');
		await holder.end().catch(() => undefined);
		expect(await run.exit).toBe(1);
		expect(run.stderr()).toMatch(
			/oms-upgrade: failed at backup: mysqldump of oms_\w+ failed \(exited \d+\); its last words: (?!Warning).*(Lost connection|Can't connect|server has gone away).* Check that the MetaDB is up and reachable, then run again: the backup step starts over\. The journal is kept; run again to resume\./,
		);
		expect((await stepStatus('backup'))!.status).toBe('failed');

		await startLabDaemon(lab.directory, 'metadb');
		const resumed = await runCli(['run', '-c', planFile, '--yes']);
		expect(resumed.stderr).toBe('');
		expect(resumed.exitCode).toBe(0);
		expect(resumed.stdout).toMatch(/stop-old +- +SKIPPED: done earlier in this attempt/);
		expect((await stepStatus('backup'))!.status).toBe('succeeded');
		expect(await lab.sql('SELECT ip, host_status FROM oms_cm.host ORDER BY ip')).toEqual([
			{ip: '127.0.0.2', host_status: 'ONLINE'},
			{ip: '127.0.0.3', host_status: 'ONLINE'},
		]);
	});

	it("a node's dockerd stops during start-new: the node is named, resume completes the upgrade", async () => {
		const run = startCli(['run', '-c', planFile]);
		await run.waitForPrompt(1);
		run.answer('y\n');
		await run.waitForPrompt(2);
		expect(run.stderr()).toContain(
			'start-new: create and start oms_428_429@127.0.0.2, oms_428_429@127.0.0.3 from oms:feature_4.2.9-ce with IS_UPGRADE=true.',
		);
		await stopLabDaemon(lab.directory, 1);
		run.answer('y\n');
		expect(await run.exit).toBe(1);
		expect(run.stderr()).toMatch(
			/oms-upgrade: failed at start-new: node 127\.0\.0\.3: cannot list containers on Docker at ssh:\/\/oms-node-2: nothing answered at \/var\/run\/docker\.sock on the node \([^\n]+\): Docker may have stopped there, or the SSH connection to oms-node-2 broke\. Check that Docker runs on the node \(`ssh oms-node-2 docker info`\) and that its sshd is up, then run the command again: it resumes where it stopped\./,
		);
		const record = (await stepStatus('start-new'))!;
		expect([record.status, record.nodes['127.0.0.2']!.status, record.nodes['127.0.0.3']!.status]).toEqual([
			'failed',
			'succeeded',
			'failed',
		]);

		await startLabDaemon(lab.directory, 1);
		const resumed = await runCli(['run', '-c', planFile, '--yes']);
		expect(resumed.stderr).toBe('');
		expect(resumed.exitCode).toBe(0);
		for (const index of [0, 1]) {
			const names = (await lab.docker(index).listContainers({all: true}))
				.map(container => `${container.Names[0]} ${container.State}`)
				.sort();
			expect(names).toEqual(['/oms_428 exited', '/oms_428_429 running']);
		}
	});

	it('SIGTERM during init finishes the current call, records interrupted and exits 130; run resumes', async () => {
		const run = startCli(['run', '-c', planFile, '--yes']);
		await run.waitForEvent(isLog(/^waiting \d+s more \(init\.minWaitSec/, 'init'));
		run.process.kill('SIGTERM');
		expect(await run.exit).toBe(130);
		expect(run.stderr()).toContain('oms-upgrade: SIGTERM: finishing the current call, then stopping');
		expect(run.stderr()).toContain('oms-upgrade: interrupted at init; the journal is kept, run again to resume.');
		expect((await stepStatus('init'))!.status).toBe('interrupted');
		const report = JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as {
			outcome: string;
			detail: string;
		};
		expect(report.outcome).toBe('interrupted');
		// The detail ends with what stays changed: OMS down since T1, HA off.
		expect(report.detail).toMatch(
			/^interrupted at init; the journal is kept, run again to resume\. OMS is DOWN: the old containers were stopped at \S+ \(\d+ (?:s|min) ago\) and HA is OFF; /,
		);

		const resumed = await runCli(['run', '-c', planFile, '--yes']);
		expect(resumed.exitCode).toBe(0);
		expect((await stepStatus('init'))!.status).toBe('succeeded');
	});
});

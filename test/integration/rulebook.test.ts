import {rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/**
 * The two sequences the explorer found on a cluster shaped like the field's (3 nodes in 2 regions, an
 * OceanBase-style MetaDB, a password with the characters that break quoting), on a real lab: a
 * docker_init.sh that prints an error and exits 0, and the old OMS started one rollback step at a time
 * over metadata the upgrade had migrated.
 */
let lab: Lab;
let planFile: string;
const hosts = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
const lockWait = 'ERROR 1205 (HY000) at line 1: Lock wait timeout exceeded; try restarting transaction';

beforeAll(async () => {
	lab = await startLab({nodes: 3, regions: 2, metadb: {flavour: 'ob', password: `p#w=d;"q'\\ x`}});
	planFile = lab.state.planFile;
});

afterAll(async () => {
	await lab?.down();
});

const states = async (name: string) =>
	Promise.all(
		hosts.map(
			async (_, index) =>
				(
					await lab
						.docker(index)
						.getContainer(name)
						.inspect()
						.catch(() => undefined)
				)?.State.Status ?? 'absent',
		),
	);
const version = async () => (await lab.sql<{v: string}>('SELECT MAX(version) AS v FROM oms_rm.oms_version'))[0]?.v;

describe('the rulebook on a lab', () => {
	it('fails at init when docker_init.sh prints an error and exits 0, naming the node, the region and its own line; the next run resumes', async () => {
		// The second region's only node (node 3): its script prints the client's error and exits 0, after the
		// first region's init completed and recorded the version the new OMS waits for.
		const fault = join(lab.directory, 'node3', 'oms', 'oms_logs', '.lab-init-fault');
		await writeFile(fault, `${lockWait}\n`);
		const failed = await runCli(['run', '-c', planFile, '--yes']);
		expect(failed.exitCode, failed.stderr).toBe(1);
		expect(failed.stderr).toMatch(
			/oms-upgrade: failed at init: node 127\.0\.0\.4 \(region \S+\): docker_init\.sh exited 0 after printing "ERROR 1205 \(HY000\) at line 1: Lock wait timeout exceeded; try restarting transaction"\./,
		);
		expect(failed.stderr).toContain('OMS is DOWN');
		expect(failed.stdout).not.toMatch(/succeeded: OMS upgraded/);

		await rm(fault);
		const resumed = await runCli(['run', '-c', planFile, '--yes']);
		expect(resumed.exitCode, resumed.stderr).toBe(0);
		expect(resumed.stdout).toMatch(/succeeded: OMS upgraded to 4\.2\.9-CE/);
		expect(await version()).toBe('4.2.9-CE');
	});

	it('refuses to start the old OMS one rollback step at a time before the restore, and a plain rollback then restores', async () => {
		expect((await runCli(['rollback', '-c', planFile, '--only', 'rb-disable-ha', '--yes'])).exitCode).toBe(0);
		expect((await runCli(['rollback', '-c', planFile, '--only', 'rb-stop-new', '--yes'])).exitCode).toBe(0);
		for (const selection of [
			['--only', 'rb-start-old'],
			['--from', 'rb-start-old'],
		]) {
			const refused = await runCli(['rollback', '-c', planFile, ...selection, '--yes']);
			expect(refused.exitCode, refused.stderr).toBe(2);
			expect(refused.stderr).toMatch(
				/refused at rb-start-old: rb-restore has not been done in this rollback of attempt \d{8}T\d{6}: run `oms-upgrade rollback` \(or `--from rb-restore`\), which does it first\. Nothing of rb-start-old was done\./,
			);
			expect(await states('oms_428')).toEqual(['exited', 'exited', 'exited']);
		}
		const back = await runCli(['rollback', '-c', planFile, '--yes']);
		expect(back.exitCode, back.stderr).toBe(0);
		expect(back.stdout).toMatch(/rolled back attempt/);
		expect(await states('oms_428')).toEqual(['running', 'running', 'running']);
		expect(await version()).toBe('4.2.8-CE');
	});
});

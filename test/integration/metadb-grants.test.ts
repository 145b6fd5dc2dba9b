import {afterEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/**
 * The lab's other grant modes, end to end: the emulated OMS, preflight, and the upgrade and rollback all work through
 * them.
 */
let lab: Lab | undefined;

afterEach(async () => {
	await lab?.down();
	lab = undefined;
});

const metadbLine = (stdout: string) =>
	stdout.split('\n').find(line => line.includes('MetaDB reachable with the needed privileges')) ?? stdout;

describe('a lab whose MetaDB user holds its privileges', () => {
	it('by a default role: check passes, and the upgrade and the rollback (drop, re-create, restore) go through the role', async () => {
		lab = await startLab({nodes: 1, metadb: {grants: 'role'}});
		expect(
			await lab.sql("SELECT DEFAULT_ROLE AS role FROM mysql.user WHERE user = 'oms_meta_user' AND host = '127.0.0.1'"),
		).toEqual([{role: 'oms_meta_role'}]);
		const check = await runCli(['check', '-c', lab.state.planFile]);
		expect(check.exitCode).toBe(0);
		expect(metadbLine(check.stdout)).toMatch(
			/^✓ pass  MetaDB reachable with the needed privileges: oms_meta_user@127\.0\.0\.1:\d+ connected; privileges cover oms_rm, oms_cm, oms_cm_hb_1$/,
		);
		const run = await runCli(['run', '-c', lab.state.planFile, '--yes']);
		expect(run.stderr).toBe('');
		expect(run.exitCode).toBe(0);
		const rollback = await runCli(['rollback', '-c', lab.state.planFile, '--yes']);
		expect(rollback.stderr).toBe('');
		expect(rollback.exitCode).toBe(0);
		expect(await lab.sql('SELECT version FROM oms_rm.oms_version')).toEqual([{version: '4.2.8-CE'}]);
	});

	it('on each database by name: check passes', async () => {
		lab = await startLab({nodes: 1, metadb: {grants: 'exact'}});
		const grants = await lab.sql<{db: string}>(
			"SELECT db FROM mysql.db WHERE user = 'oms_meta_user' AND host = '127.0.0.1' ORDER BY db",
		);
		expect(grants.map(row => row.db)).toEqual(['oms_cm', 'oms_cm_hb_1', 'oms_rm']);
		const check = await runCli(['check', '-c', lab.state.planFile]);
		expect(check.exitCode).toBe(0);
		expect(metadbLine(check.stdout)).toMatch(
			/^✓ pass  MetaDB reachable with the needed privileges: oms_meta_user@127\.0\.0\.1:\d+ connected; privileges cover oms_rm, oms_cm, oms_cm_hb_1$/,
		);
	});
});

import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/** The guide's trap: rm.oms_version without a row makes docker_init.sh refuse with "Version before 4.1.1". */
let lab: Lab;

beforeAll(async () => {
	lab = await startLab({nodes: 1, regions: 1, versionRow: false});
});

afterAll(async () => {
	await lab?.down();
});

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

describe('an install whose oms_version has no row', () => {
	it('check warns before anything stops, naming the trap and the fix', async () => {
		const check = await runCli(['check', '-c', lab.state.planFile]);
		expect(check.exitCode).toBe(0);
		expect(check.stdout).toContain(
			'! warn  source version allowed for the target: 4.2.8-CE (from image tag) → 4.2.9-CE, but rm.oms_version has no row of 4.1.1 or later: docker_init.sh would refuse ("Version before 4.1.1 is not allowed to upgrade").',
		);
	});

	it('declining the fix stops the run before HA or any container is touched', async () => {
		const run = await runCli(['run', '-c', lab.state.planFile], {input: 'y\nn\n'});
		expect(run.exitCode).toBe(1);
		expect(run.stderr).toContain(
			"Apply the guide's fix: create oms_rm.oms_version if missing and record 4.2.8-CE (the version before the upgrade) in it?",
		);
		expect(run.stderr).toContain('paused at disable-ha: the oms_version fix was declined');
		expect((await ha()).enable).toBe(true);
		expect(await lab.sql('SELECT version FROM oms_rm.oms_version')).toEqual([]);
		expect((await lab.docker(0).getContainer('oms_428').inspect()).State.Running).toBe(true);
	});

	it('with --yes applies the fix once, before downtime, and init never refuses', async () => {
		const result = await runCli(['run', '-c', lab.state.planFile, '--yes']);
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		const lines = result.stdout.split('\n');
		const fix = lines.findIndex(line =>
			/REPLACE INTO `oms_rm`\.oms_version \(version\) VALUES \('4\.2\.8-CE'\)$/.test(line),
		);
		const downtime = lines.findIndex(line => /stop-old +127\.0\.0\.2 +started/.test(line));
		expect(fix).toBeGreaterThan(-1);
		expect(fix).toBeLessThan(downtime);
		expect(lines.filter(line => line.includes('REPLACE INTO `oms_rm`.oms_version'))).toHaveLength(1);
		expect(lines.filter(line => line.includes('Version before 4.1.1 is not allowed to upgrade'))).toEqual([]);
		expect(lines.filter(line => line.includes('docker exec oms_428_429 bash /root/docker_init.sh'))).toHaveLength(1);
		expect(await lab.sql('SELECT version FROM oms_rm.oms_version ORDER BY version')).toEqual([
			{version: '4.2.8-CE'},
			{version: '4.2.9-CE'},
		]);
	});
});

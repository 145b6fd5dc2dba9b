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

describe('an install whose oms_version has no row', () => {
	it('applies the oms_version fix once with the source version, and init then succeeds', async () => {
		const result = await runCli(['run', '-c', lab.state.planFile, '--yes']);
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		const lines = result.stdout.split('\n');
		expect(lines.filter(line => line.includes('Version before 4.1.1 is not allowed to upgrade'))).toHaveLength(1);
		expect(lines.filter(line => /init +- +REPLACE INTO `oms_rm`\.oms_version \(version\) VALUES \('4\.2\.8-CE'\)$/.test(line))).toHaveLength(1);
		expect(lines.filter(line => line.includes('docker exec oms_428_429 bash /root/docker_init.sh'))).toHaveLength(2);
		expect(lines.filter(line => line.includes('[Completed] All initialization steps are executed'))).toHaveLength(1);
		expect(await lab.sql("SELECT version FROM oms_rm.oms_version ORDER BY version")).toEqual([{version: '4.2.8-CE'}, {version: '4.2.9-CE'}]);
	});
});

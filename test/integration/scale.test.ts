import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {expectRolledBack, expectUpgraded, haConfig, initNodes} from '../helpers/end-state.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/** The whole upgrade and its rollback on 9 nodes in 3 regions: the end states of the 3-node tests, at scale. */
let lab: Lab;
let planFile: string;
let workdir: string;
let haBefore: string;
let attempt: string;

beforeAll(async () => {
	lab = await startLab({nodes: 9, regions: 3});
	planFile = lab.state.planFile;
	workdir = join(lab.directory, 'oms-upgrade-lab');
	await lab.sql(
		`UPDATE oms_rm.oms_normal_config SET cfg_value = JSON_INSERT(cfg_value, '$.operatorNote', 'keep me') WHERE cfg_name = 'ha.config'`,
	);
	haBefore = await haConfig(lab);
});

afterAll(async () => {
	await lab?.down();
});

type Report = {
	outcome: string;
	t1: string;
	t2: string;
	downtimeSec: number;
	nodes: Array<{host: string; imageId: string}>;
};

describe('9 nodes in 3 regions', () => {
	it('the lab: 127.0.0.2 … 127.0.0.10, three nodes per region', () => {
		expect(lab.state.topology.nodes.map(node => node.host)).toEqual(
			Array.from({length: 9}, (_, index) => `127.0.0.${index + 2}`),
		);
		expect(lab.state.topology.regions.map(region => [region.name, region.nodeHosts.length])).toEqual([
			['hangzhou', 3],
			['shanghai', 3],
			['beijing', 3],
		]);
		expect(initNodes(lab)).toEqual(['127.0.0.2', '127.0.0.5', '127.0.0.8']);
	});

	it('status reads all 9 nodes before the upgrade', async () => {
		const status = await runCli(['status', '-c', planFile, '--json']);
		expect(status.exitCode, status.stderr).toBe(0);
		const nodes = (JSON.parse(status.stdout) as {nodes: Array<{host: string}>}).nodes;
		expect(nodes.map(node => node.host)).toEqual(lab.state.topology.nodes.map(node => node.host));
	});

	it('upgrades every node, init once per region, five verified dumps, HA on with the keys found', async () => {
		const result = await runCli(['run', '-c', planFile, '--yes']);
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/succeeded: OMS upgraded to 4\.2\.9-CE \(attempt \d{8}T\d{6}\)\.$/);
		expect(result.stdout).toContain('SUCCEEDED: docker_init.sh completed on 127.0.0.2, 127.0.0.5, 127.0.0.8');
		expect(result.stdout).toContain('SUCCEEDED: all 9 servers ONLINE with heartbeats written after their start');
		attempt = await expectUpgraded(lab, workdir, haBefore);
		const report = JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as Report;
		expect(report.outcome).toBe('succeeded');
		expect(report.nodes.map(node => node.host)).toEqual(lab.state.topology.nodes.map(node => node.host));
		expect(new Set(report.nodes.map(node => node.imageId)).size).toBe(1);
		expect(report.downtimeSec).toBeGreaterThanOrEqual(0);
	});

	it('rolls all 9 nodes back from the dumps', async () => {
		const result = await runCli(['rollback', '-c', planFile, '--yes']);
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain(
			`rolled back attempt ${attempt}: init (docker_init.sh) ran: the MetaDB is restored from this attempt's dumps; restored `,
		);
		expect(result.stdout).toMatch(/restored \d+ tables, row counts equal\./);
		await expectRolledBack(lab, workdir, haBefore, attempt);
	});
});

import {rename, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {discoverLive as discover, liveDiscoveryPorts} from '../../source/app/discovery.js';
import {discover as discoverWith} from '../../source/config/discover-cluster.js';
import {loadPlan} from '../../source/config/load-plan.js';
import {resolvePlan} from '../../source/config/resolve-plan.js';
import type {CheckResult} from '../../source/steps/checks/check-types.js';
import {livePreflight} from '../../source/adapters/preflight-ports.js';
import {runPreflightChecks} from '../../source/steps/preflight-checks.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

let lab: Lab;

beforeAll(async () => {
	lab = await startLab({nodes: 3, regions: 2});
});

afterAll(async () => {
	await lab?.down();
});

const failures = (results: CheckResult[]) => results.filter(result => result.status === 'fail');

async function preflight(planFile = lab.state.planFile, env: NodeJS.ProcessEnv = process.env) {
	const plan = await loadPlan(planFile, env);
	return runPreflightChecks(await discoverWith(plan, liveDiscoveryPorts(plan), env), livePreflight);
}

describe('discovery on a 2-region lab', () => {
	it('finds the MetaDB, the database names, the regions and the source version from the nodes', async () => {
		const discovery = await discover(await loadPlan(lab.state.planFile));
		expect(discovery.findings).toEqual([]);
		expect(discovery.rmDb).toBe('oms_rm');
		expect(discovery.cmDb).toBe('oms_cm');
		expect(discovery.metadbTarget).toMatchObject({
			host: '127.0.0.1',
			port: lab.state.metadb.port,
			user: 'oms_meta_user',
		});
		expect(
			discovery.regions.map(region => [
				region.name,
				region.heartbeatDb,
				region.hosts,
				region.cmNodes,
				region.sameConfig,
			]),
		).toEqual([
			['hangzhou', 'oms_cm_hb_1', ['127.0.0.2', '127.0.0.3'], ['127.0.0.2', '127.0.0.3'], true],
			['shanghai', 'oms_cm_hb_2', ['127.0.0.4'], ['127.0.0.4'], true],
		]);
		expect(discovery.sourceVersion).toEqual({version: '4.2.8-CE', origin: 'rm.oms_version'});
		expect(JSON.parse(discovery.meta!.haConfig!)).toMatchObject({enable: true, refetchStoreIntervalMin: 30});

		const model = resolvePlan(discovery);
		expect(model.databases).toEqual(['oms_rm', 'oms_cm', 'oms_cm_hb_1', 'oms_cm_hb_2']);
		expect(model.initTargets).toEqual([
			{region: 'hangzhou', hosts: ['127.0.0.2']},
			{region: 'shanghai', hosts: ['127.0.0.4']},
		]);
		expect(model.nodes[1]!.spec.HostConfig.Binds).toEqual(model.nodes[1]!.oldBinds);
		expect(model.nodes[1]!.spec.Env).toEqual(['OMS_HOST_IP=127.0.0.3', 'IS_UPGRADE=true']);
	});

	it('passes every preflight check on a healthy lab', async () => {
		const results = await preflight();
		expect(failures(results)).toEqual([]);
		expect(new Set(results.map(result => result.id)).size).toBe(15);
		// Each node's free space was read with df inside its old container, through the engine's API.
		const disk = results.filter(result => result.id === 'node-disk');
		expect(disk.length).toBeGreaterThan(0);
		for (const result of disk)
			expect(result).toMatchObject({
				status: 'pass',
				reason: expect.stringMatching(/ free on the Docker data root \(df in oms_428\); the image unpacks to /),
			});
	});

	it('falls back to the image tag when rm.oms_version has no row', async () => {
		await lab.sql('DELETE FROM oms_rm.oms_version');
		try {
			const discovery = await discover(await loadPlan(lab.state.planFile));
			expect(discovery.sourceVersion).toEqual({version: '4.2.8-CE', origin: 'image tag'});
		} finally {
			await lab.sql("INSERT INTO oms_rm.oms_version (version) VALUES ('4.2.8-CE')");
		}
	});
});

describe('probe containers', () => {
	it('a probe a killed run left behind (created, never started) is removed by the next discovery; nothing else is', async () => {
		const docker = lab.docker(0);
		const image = (await docker.getContainer('oms_428').inspect()).Image;
		const left = await docker.createContainer({
			Image: image,
			Cmd: ['true'],
			Labels: {'oms-upgrade.probe': 'host-path'},
		});
		await discover(await loadPlan(lab.state.planFile));
		const probes = await docker.listContainers({all: true, filters: {label: ['oms-upgrade.probe']}});
		expect(probes.map(probe => probe.Id)).not.toContain(left.id);
		expect(probes).toEqual([]);
		expect((await docker.getContainer('oms_428').inspect()).State.Running).toBe(true);
	});
});

describe('preflight failures name the node and what to do', () => {
	it('a stopped old container', async () => {
		const container = lab.docker(0).getContainer('oms_428');
		await container.stop({t: 2});
		try {
			const failed = failures(await preflight());
			expect(failed).toContainEqual(
				expect.objectContaining({
					id: 'old-container',
					node: '127.0.0.2',
					reason: expect.stringMatching(/oms_428 is exited, not running; start it \(docker start oms_428\)/),
				}),
			);
			expect(failed.filter(result => result.id === 'old-container').map(result => result.node)).toEqual(['127.0.0.2']);
		} finally {
			await container.start();
		}
	});

	it('a missing config.yaml host path, without creating it as a directory', async () => {
		const configFile = join(lab.directory, 'node2', 'oms', 'config.yaml');
		await rename(configFile, `${configFile}.moved`);
		try {
			const failed = failures(await preflight());
			expect(failed).toEqual([
				expect.objectContaining({
					id: 'binds',
					node: '127.0.0.3',
					reason: expect.stringContaining(`host path ${configFile} does not exist on 127.0.0.3`),
				}),
				expect.objectContaining({
					id: 'config',
					node: '127.0.0.3',
					reason: expect.stringContaining(`config.yaml not read: its host path ${configFile} is missing`),
				}),
			]);
			await expect(import('node:fs/promises').then(fs => fs.stat(configFile))).rejects.toThrow(/ENOENT/);
		} finally {
			await rename(`${configFile}.moved`, configFile);
		}
	});

	it('a wrong MetaDB password', async () => {
		const planFile = join(lab.directory, 'wrong-password.yaml');
		const text =
			(await import('node:fs/promises').then(fs => fs.readFile(lab.state.planFile, 'utf8'))) +
			'metadb:\n  passwordEnv: OMS_TEST_META_PASSWORD\n';
		await writeFile(planFile, text.replace('name: lab', 'name: wrong-password'));
		const failed = failures(await preflight(planFile, {...process.env, OMS_TEST_META_PASSWORD: 'not-the-password'}));
		expect(failed).toContainEqual(
			expect.objectContaining({
				id: 'metadb',
				node: null,
				reason: expect.stringMatching(/Access denied for user 'oms_meta_user'.*Check the MetaDB user and password/),
			}),
		);
		expect(JSON.stringify(failed)).not.toContain(lab.state.metadb.password);
	});

	it('a new container name that is taken', async () => {
		const docker = lab.docker(2);
		const squatter = await docker.createContainer({name: 'oms_428_429', Image: 'oms:feature_4.2.8-ce', Cmd: ['true']});
		try {
			const failed = failures(await preflight());
			expect(failed).toEqual([
				expect.objectContaining({
					id: 'new-name',
					node: '127.0.0.4',
					reason: expect.stringContaining(
						'a container named oms_428_429 already exists (created, oms:feature_4.2.8-ce, not created by oms-upgrade); remove it (docker rm oms_428_429)',
					),
				}),
			]);
		} finally {
			await squatter.remove({force: true});
		}
	});

	it('a source version the target does not accept', async () => {
		await lab.sql("DELETE FROM oms_rm.oms_version; INSERT INTO oms_rm.oms_version (version) VALUES ('4.1.1-CE')");
		try {
			const failed = failures(await preflight());
			expect(failed).toEqual([
				expect.objectContaining({
					id: 'version',
					node: null,
					reason:
						'4.1.1-CE (from rm.oms_version) cannot be upgraded to 4.2.9-CE; 4.2.9-CE accepts 4.2.0-CE to 4.2.8-CE. Upgrade through an intermediate version first.',
				}),
			]);
		} finally {
			await lab.sql("DELETE FROM oms_rm.oms_version; INSERT INTO oms_rm.oms_version (version) VALUES ('4.2.8-CE')");
		}
	});

	it('a node that is OFFLINE in cm.host', async () => {
		await lab.docker(2).getContainer('oms_428').stop({t: 2});
		await lab.sql("UPDATE oms_cm.host SET host_status = 'OFFLINE' WHERE ip = '127.0.0.4'");
		try {
			const failed = failures(await preflight());
			expect(failed).toContainEqual(
				expect.objectContaining({
					id: 'online',
					node: '127.0.0.4',
					reason: expect.stringContaining('127.0.0.4 is OFFLINE in oms_cm.host'),
				}),
			);
		} finally {
			await lab.docker(2).getContainer('oms_428').start();
		}
	});
});

import {describe, expect, it} from 'vitest';
import {resolvePlan} from '../../source/config/resolve-plan.js';
import {runPreflightChecks} from '../../source/steps/preflight-checks.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';

describe('discovery and preflight over the fake ports', () => {
	it('discovers the fake cluster as a real one: nodes, regions, MetaDB, source version; in milliseconds', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const discovery = await cluster.discoverNow();
		expect(discovery.findings).toEqual([]);
		expect(discovery.metaError).toBeUndefined();
		expect(discovery.sourceVersion).toEqual({version: '4.2.8-CE', origin: 'rm.oms_version'});
		const model = resolvePlan(discovery);
		expect(model.databases).toEqual(cluster.model.databases);
		expect(model.initTargets).toEqual(cluster.model.initTargets);
		expect(model.nodes.map(node => [node.host, node.region, node.oldContainer, node.newContainer])).toEqual(
			cluster.model.nodes.map(node => [node.host, node.region, node.oldContainer, node.newContainer]),
		);
	});

	it('passes every preflight check on a healthy cluster, and fails the one for a node whose old container is stopped', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const healthy = await runPreflightChecks(await cluster.discoverNow(), cluster.ports.preflight);
		expect(healthy.filter(result => result.status === 'fail')).toEqual([]);
		await cluster.engine('10.0.0.3').stopContainer('oms_428', 0);
		const stopped = await runPreflightChecks(await cluster.discoverNow(), cluster.ports.preflight);
		expect(stopped.filter(result => result.status === 'fail').map(result => [result.id, result.node])).toEqual([
			['old-container', '10.0.0.3'],
		]);
	});
});

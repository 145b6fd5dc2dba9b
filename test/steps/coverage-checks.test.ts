import {describe, expect, it} from 'vitest';
import type {Discovery} from '../../source/config/discover-cluster.js';
import {coverageChecks} from '../../source/steps/checks/coverage-checks.js';

const hosts = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];

/** Two regions; the config.yaml of the nodes in `unread` could not be read (their engine did not answer). */
function discovery(unread: readonly string[]): Discovery {
	const read = hosts.filter(host => !unread.includes(host));
	const regionOf = (host: string) => (host === '127.0.0.4' ? 'shanghai' : 'hangzhou');
	const names = [...new Set(read.map(regionOf))];
	return {
		plan: {nodes: hosts.map(host => ({host}))},
		nodes: hosts.map(host => ({node: {host}, config: unread.includes(host) ? undefined : {}})),
		regions: names.map(name => ({name, cmNodes: read.filter(host => regionOf(host) === name)})),
		meta: {hosts: hosts.map(ip => ({ip, status: 'ONLINE'})), clusterRegions: ['hangzhou', 'shanghai']},
		cmDb: 'oms_cm',
		rmDb: 'oms_rm',
	} as unknown as Discovery;
}

describe('the coverage check', () => {
	it('passes when every node and region of the cluster is in the plan', () => {
		expect(coverageChecks(discovery([]))).toEqual([
			{
				id: 'coverage',
				node: null,
				status: 'pass',
				reason: 'cm.host, cm_nodes and cluster_info name no node or region outside the plan (3 nodes, 2 regions)',
			},
		]);
	});

	it('counts a single region as one region', () => {
		const single = discovery([]);
		const oneRegion = {
			...single,
			nodes: single.nodes.slice(0, 2),
			plan: {nodes: single.plan.nodes.slice(0, 2)},
			regions: [{name: 'hangzhou', cmNodes: hosts.slice(0, 2)}],
			meta: {hosts: single.meta?.hosts.slice(0, 2), clusterRegions: ['hangzhou']},
		} as unknown as Discovery;
		expect(coverageChecks(oneRegion)[0]?.reason).toMatch(/\(2 nodes, 1 region\)$/);
	});

	it('does not judge, and never advises removing a node from cm.host, while a node of the plan could not be read', () => {
		expect(coverageChecks(discovery(['127.0.0.4']))).toEqual([
			{
				id: 'coverage',
				node: null,
				status: 'warn',
				reason: "not checked: the config.yaml of 127.0.0.4 could not be read, so the plan's regions are not all known",
			},
		]);
	});
});

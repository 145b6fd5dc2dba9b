import type {Discovery} from '../../config/discover-cluster.js';
import {counted} from '../../domain/format.js';
import {fail, pass, warn, type CheckResult} from './check-types.js';

/**
 * The guide's "all nodes", "all regions": every node the cluster knows (cm.host, any region's cm_nodes)
 * and every region rm.cluster_info lists must be in the plan. A node left out would keep running through
 * the cleanup, the dumps and init; a region left out would never be backed up.
 */
export function coverageChecks(discovery: Discovery): CheckResult[] {
	// Regions and cm_nodes come from the nodes' config.yaml: with a node unread, a region of the plan can
	// look missing. Its own failure says why; judging coverage then would blame the cluster's records.
	const unread = discovery.nodes.filter(facts => !facts.config).map(facts => facts.node.host);
	if (unread.length > 0) {
		return [
			warn(
				'coverage',
				null,
				`not checked: the config.yaml of ${unread.join(', ')} could not be read, so the plan's regions are not all known`,
			),
		];
	}
	const planned = new Set(discovery.plan.nodes.map(node => node.host));
	const regions = new Set(discovery.regions.map(region => region.name));
	const sources = new Map<string, string[]>();
	const note = (host: string, where: string) => sources.set(host, [...(sources.get(host) ?? []), where]);
	for (const row of discovery.meta?.hosts ?? [])
		if (!planned.has(row.ip)) note(row.ip, `${discovery.cmDb}.host (${row.status})`);
	for (const region of discovery.regions)
		for (const host of region.cmNodes) if (!planned.has(host)) note(host, `cm_nodes of region ${region.name}`);
	const missingRegions = (discovery.meta?.clusterRegions ?? []).filter(region => !regions.has(region));
	const problems = [
		...[...sources].map(([host, where]) => `node ${host} (in ${where.join(', ')}) is not in the plan`),
		...missingRegions.map(region => `region ${region} (in ${discovery.rmDb}.cluster_info) has no node in the plan`),
	];
	if (problems.length > 0) {
		return [
			fail(
				'coverage',
				null,
				`${problems.join('; ')}. The upgrade stops, backs up and migrates every node and region at once: add them to the plan (or remove a decommissioned node from cm.host in the OMS console first).`,
			),
		];
	}
	if (!discovery.meta) return [];
	return [
		pass(
			'coverage',
			null,
			`cm.host, cm_nodes and cluster_info name no node or region outside the plan (${counted(planned.size, 'node')}, ${counted(regions.size, 'region')})`,
		),
	];
}

import {canonicalConfig} from '../domain/oms-config.js';
import type {NodeFacts} from './discover-node.js';

/** An inconsistency found while discovering: a preflight failure (or warning) with the values named. */
export type Finding = {readonly severity: 'fail' | 'warn'; readonly subject: string; readonly message: string};

/** A region as the nodes' config.yaml files describe it. */
export type RegionFacts = {
	readonly name: string;
	readonly location: string;
	readonly heartbeatDb: string;
	readonly isDefault: boolean;
	readonly hosts: readonly string[];
	/** The region's cm_nodes (from its first node's config.yaml). */
	readonly cmNodes: readonly string[];
	/** Every node of the region has the same config.yaml: init runs once for the region. */
	readonly sameConfig: boolean;
};

/** Groups nodes by cm_region and records the conflicts the guide warns about. */
export function regionsOf(nodes: readonly NodeFacts[], findings: Finding[]): RegionFacts[] {
	// Each node with its config.yaml read, so the config is known to be there below.
	type Member = NodeFacts & {readonly config: NonNullable<NodeFacts['config']>};
	const byRegion = new Map<string, [Member, ...Member[]]>();
	for (const facts of nodes) {
		const {config} = facts;
		if (!config) continue;
		const member: Member = {...facts, config};
		const members = byRegion.get(config.region);
		if (members) members.push(member);
		else byRegion.set(config.region, [member]);
	}
	const regions = [...byRegion].map(([name, members]): RegionFacts => {
		const first = members[0].config;
		for (const key of ['heartbeatDb', 'location'] as const) {
			const values = new Set(members.map(member => member.config[key]));
			if (values.size > 1) {
				const label = key === 'heartbeatDb' ? 'drc_cm_heartbeat_db' : 'cm_location';
				const who = members.map(member => `${member.node.host} has ${member.config[key]}`).join('; ');
				findings.push({
					severity: 'fail',
					subject: `region ${name}`,
					message: `config.yaml ${label} differs inside region ${name}: ${who}.`,
				});
			}
		}
		for (const member of members) {
			if (!member.config.nodes.includes(member.node.host)) {
				findings.push({
					severity: 'fail',
					subject: `node ${member.node.host}`,
					message:
						`node ${member.node.host} is not in its own cm_nodes (${member.config.nodes.join(', ') || 'empty'}) in region ${name}: ` +
						"OMS would show it Down. Fix cm_nodes in config.yaml or the plan's host.",
				});
			}
		}
		return {
			name,
			location: first.location,
			heartbeatDb: first.heartbeatDb,
			isDefault: first.isDefault,
			hosts: members.map(member => member.node.host),
			cmNodes: first.nodes,
			sameConfig: new Set(members.map(member => canonicalConfig(member.configText ?? ''))).size === 1,
		};
	});
	const seenDb = new Map<string, string>();
	const seenLocation = new Map<string, string>();
	for (const region of regions) {
		const otherDb = seenDb.get(region.heartbeatDb);
		if (otherDb) {
			const message = `regions ${otherDb} and ${region.name} share the heartbeat database ${region.heartbeatDb}; each region needs its own drc_cm_heartbeat_db.`;
			findings.push({severity: 'fail', subject: 'regions', message});
		}
		seenDb.set(region.heartbeatDb, region.name);
		const otherLocation = seenLocation.get(region.location);
		if (otherLocation) {
			const message = `regions ${otherLocation} and ${region.name} share cm_location ${region.location}; it must be unique per region.`;
			findings.push({severity: 'fail', subject: 'regions', message});
		}
		seenLocation.set(region.location, region.name);
	}
	const defaults = regions.filter(region => region.isDefault).map(region => region.name);
	if (regions.length > 0 && defaults.length !== 1) {
		const where = defaults.length === 0 ? 'no region' : `regions ${defaults.join(', ')}`;
		findings.push({
			severity: 'warn',
			subject: 'regions',
			message: `cm_is_default is true in ${where}; OMS expects exactly one default region.`,
		});
	}
	return regions;
}

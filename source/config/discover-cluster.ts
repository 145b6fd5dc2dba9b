import type {DiscoveryPorts} from '../ports/discovery-port.js';
import type {MetadbTarget} from '../ports/metadb-port.js';
import {describeError} from '../domain/errors.js';
import type {OmsConfig} from '../domain/oms-config.js';
import {registerSecret} from '../domain/redact.js';
import {formatVersion, parseVersion, versionFromImage, compareVersions} from '../domain/versions.js';
import {discoverNode, type NodeFacts} from './discover-node.js';
import {readMetadbFacts, type MetadbFacts} from './metadb-facts.js';
import type {Plan} from './plan-types.js';
import {regionsOf, type Finding, type RegionFacts} from './regions.js';

export type {Finding} from './regions.js';

export type Discovery = {
	readonly plan: Plan;
	readonly nodes: readonly NodeFacts[];
	readonly metadbTarget: MetadbTarget | undefined;
	/** Where the MetaDB address came from, for display. */
	readonly metadbOrigin: string;
	readonly rmDb: string | undefined;
	readonly cmDb: string | undefined;
	readonly regions: readonly RegionFacts[];
	readonly meta: MetadbFacts | undefined;
	readonly metaError: string | undefined;
	readonly sourceVersion: {readonly version: string; readonly origin: 'rm.oms_version' | 'image tag'} | undefined;
	readonly findings: readonly Finding[];
};

/** Reads every node and the MetaDB through the ports; changes nothing. Never throws for what it finds: it reports. */
export async function discover(
	plan: Plan,
	ports: DiscoveryPorts,
	env: NodeJS.ProcessEnv = process.env,
): Promise<Discovery> {
	const nodes = await Promise.all(plan.nodes.map(node => discoverNode(plan, node, ports)));
	const findings: Finding[] = [];
	const configs = nodes.flatMap(facts => (facts.config ? [{host: facts.node.host, config: facts.config}] : []));
	const agreed = (key: keyof OmsConfig, label: string) => agree(configs, key, label, findings);
	const rmDb = agreed('rmDb', 'drc_rm_db');
	const cmDb = agreed('cmDb', 'drc_cm_db');
	const metaHost = plan.metadb.host ?? agreed('metaHost', 'oms_meta_host');
	const metaPort = plan.metadb.port ?? agreed('metaPort', 'oms_meta_port');
	const metaUser = plan.metadb.user ?? agreed('metaUser', 'oms_meta_user');
	// loadPlan has refused a passwordEnv that is not set.
	const password = plan.metadb.passwordEnv
		? env[plan.metadb.passwordEnv]
		: new Set(configs.map(c => c.config.metaPassword)).size === 1
			? configs[0]?.config.metaPassword
			: undefined;
	registerSecret(password);
	const regions = regionsOf(nodes, findings);

	const metadbTarget =
		metaHost !== undefined && metaPort !== undefined && metaUser !== undefined && password !== undefined
			? {
					host: String(metaHost),
					port: Number(metaPort),
					user: String(metaUser),
					password,
					connectSec: plan.timeouts.connectSec,
					querySec: plan.timeouts.metadbQuerySec,
				}
			: undefined;
	let meta: MetadbFacts | undefined;
	let metaError: string | undefined;
	if (metadbTarget && rmDb !== undefined && cmDb !== undefined) {
		try {
			const metadb = await ports.connectMetadb(metadbTarget);
			try {
				meta = await readMetadbFacts(
					metadb,
					String(rmDb),
					String(cmDb),
					regions.map(region => region.heartbeatDb),
				);
			} finally {
				await metadb.close();
			}
		} catch (error) {
			metaError = describeError(error);
		}
	} else
		metaError =
			'the MetaDB address, user, password or database names could not be derived from config.yaml (see the other problems).';

	return {
		plan,
		nodes,
		metadbTarget,
		metadbOrigin: plan.metadb.host ? 'plan file' : 'config.yaml',
		rmDb: rmDb === undefined ? undefined : String(rmDb),
		cmDb: cmDb === undefined ? undefined : String(cmDb),
		regions,
		meta,
		metaError,
		sourceVersion: sourceVersionOf(meta, nodes),
		findings,
	};
}

/** One value all nodes agree on, or undefined plus a finding naming who says what. */
function agree(
	configs: ReadonlyArray<{host: string; config: OmsConfig}>,
	key: keyof OmsConfig,
	label: string,
	findings: Finding[],
) {
	const values = new Map<string, string[]>();
	for (const {host, config} of configs) {
		const value = String(config[key]);
		values.set(value, [...(values.get(value) ?? []), host]);
	}
	if (values.size > 1) {
		const who = [...values]
			.map(([value, hosts]) => `${hosts.join(', ')} ${hosts.length > 1 ? 'have' : 'has'} ${value}`)
			.join('; ');
		findings.push({
			severity: 'fail',
			subject: label,
			message: `config.yaml ${label} differs between nodes: ${who}. All nodes must share one MetaDB.`,
		});
		return undefined;
	}
	return configs[0]?.config[key];
}

function sourceVersionOf(meta: MetadbFacts | undefined, nodes: readonly NodeFacts[]): Discovery['sourceVersion'] {
	const recorded = (meta?.versions ?? []).map(text => parseVersion(text)).filter(version => version !== undefined);
	const highest = recorded.sort(compareVersions).at(-1);
	if (highest) {
		return {version: formatVersion(highest), origin: 'rm.oms_version'};
	}
	const fromImage = nodes.map(facts => facts.container && versionFromImage(facts.container.image)).find(Boolean);
	return fromImage ? {version: formatVersion(fromImage), origin: 'image tag'} : undefined;
}

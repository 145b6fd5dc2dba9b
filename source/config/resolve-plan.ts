import type {MetadbTarget} from '../ports/metadb-port.js';
import type {DockerPort} from '../ports/docker-port.js';
import {newContainerSpec, type NewContainerSpec} from '../domain/container-spec.js';
import {OmsError} from '../domain/errors.js';
import type {Discovery} from './discover-cluster.js';
import type {Plan} from './plan-types.js';
import type {RegionFacts} from './regions.js';

export type NodeModel = {
	readonly host: string;
	readonly region: string;
	readonly docker: string;
	readonly engine: DockerPort;
	readonly oldContainer: string;
	readonly oldImage: string;
	readonly oldBinds: readonly string[];
	readonly newContainer: string;
	readonly spec: NewContainerSpec;
};

/** The upgrade with every name resolved: what the steps act on. */
export type UpgradeModel = {
	readonly plan: Plan;
	readonly from: string;
	readonly to: string;
	readonly metadb: MetadbTarget;
	readonly rmDb: string;
	readonly cmDb: string;
	readonly regions: readonly RegionFacts[];
	/** rm, cm, then each region's cm_hb: the databases backed up and restored. */
	readonly databases: readonly string[];
	readonly nodes: readonly NodeModel[];
	/** Per region, the nodes docker_init.sh runs on: one when the region's config files agree, else all. */
	readonly initTargets: ReadonlyArray<{readonly region: string; readonly hosts: readonly string[]}>;
	/** The `ha.config` value as found before anything changed. */
	readonly haFound: string | undefined;
};

/** Turns a discovery into the model the steps act on; throws naming what discovery could not establish. */
export function resolvePlan(discovery: Discovery): UpgradeModel {
	const {plan} = discovery;
	const missing: string[] = [];
	if (!discovery.metadbTarget) missing.push('the MetaDB address and credentials');
	if (!discovery.rmDb || !discovery.cmDb) missing.push('the rm and cm database names');
	if (!discovery.sourceVersion) missing.push('the source version');
	const nodes: NodeModel[] = [];
	for (const facts of discovery.nodes) {
		const region = facts.config?.region;
		if (!facts.engine || !facts.container || !region) {
			missing.push(`node ${facts.node.host} (${facts.problems[0] ?? 'not readable'})`);
			continue;
		}
		nodes.push({
			host: facts.node.host,
			region,
			docker: facts.node.docker,
			engine: facts.engine,
			oldContainer: facts.node.container,
			oldImage: facts.container.image,
			oldBinds: facts.container.binds,
			newContainer: facts.node.newContainer,
			spec: newContainerSpec({
				name: facts.node.newContainer,
				image: plan.target.image,
				host: facts.node.host,
				old: {binds: facts.container.binds, privileged: plan.privileged === true ? true : facts.container.privileged},
				https: plan.https,
				upgradeFrom: facts.node.container,
			}),
		});
	}
	if (missing.length > 0 || !discovery.metadbTarget || !discovery.rmDb || !discovery.cmDb || !discovery.sourceVersion) {
		throw new OmsError(`cannot resolve the plan: discovery could not establish ${missing.join('; ')}.`, {
			hint: 'Run `oms-upgrade check` for every problem with what to do.',
			exitCode: 3,
		});
	}
	return {
		plan,
		from: discovery.sourceVersion.version,
		to: plan.target.version,
		metadb: discovery.metadbTarget,
		rmDb: discovery.rmDb,
		cmDb: discovery.cmDb,
		regions: discovery.regions,
		databases: [discovery.rmDb, discovery.cmDb, ...discovery.regions.map(region => region.heartbeatDb)],
		nodes,
		initTargets: discovery.regions.map(region => ({
			region: region.name,
			hosts: region.sameConfig ? region.hosts.slice(0, 1) : [...region.hosts],
		})),
		haFound: discovery.meta?.haConfig,
	};
}

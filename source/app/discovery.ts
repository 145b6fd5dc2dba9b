import {deadlinesOf, DockerEngine} from '../adapters/docker-engine.js';
import {Metadb} from '../adapters/metadb.js';
import {discover, type Discovery} from '../config/discover-cluster.js';
import type {Plan} from '../config/plan-types.js';
import type {DiscoveryPorts} from '../ports/discovery-port.js';

/** The live ports discovery reads through: each node's engine over its plan endpoint, and the MetaDB through mysql2. */
export function liveDiscoveryPorts(plan: Plan): DiscoveryPorts {
	return {
		connectEngine: async host => {
			const node = plan.nodes.find(candidate => candidate.host === host);
			if (!node) throw new Error(`${host} is not a node of the plan`);
			return DockerEngine.connect(
				node.host,
				node.docker,
				node.endpoint,
				plan.tls,
				deadlinesOf(plan.timeouts),
				plan.ssh,
			);
		},
		connectMetadb: target => Metadb.connect(target),
	};
}

/** Discovery of the live cluster: what every command that looks at the cluster starts with. */
export const discoverLive = (plan: Plan): Promise<Discovery> => discover(plan, liveDiscoveryPorts(plan));

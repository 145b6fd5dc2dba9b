import type {DockerPort} from './docker-port.js';
import type {MetadbSession, MetadbTarget} from './metadb-port.js';

/**
 * What discovery reads the cluster through: each node's Docker engine (reached over the plan's endpoint,
 * with its deadlines) and the MetaDB. The live ones are wired in by source/app; tests use fakes.
 */
export type DiscoveryPorts = {
	/** Reaches the engine of the plan's node `host` (an unreachable engine is an error naming the node). */
	readonly connectEngine: (host: string) => Promise<DockerPort>;
	readonly connectMetadb: (target: MetadbTarget) => Promise<MetadbSession>;
};

import type {MetadbSession, MetadbTarget} from './metadb-port.js';

/** A MySQL command-line client on this machine and what `--version` said. */
export type ClientProgram = {readonly name: string; readonly version: string};

/** Where the workdir's dumps would go: the directory measured and its free space, or why it cannot be used. */
export type WorkdirSpace = {readonly directory: string; readonly freeBytes: number} | {readonly problem: string};

/**
 * What the read-only preflight checks ask of this machine and the MetaDB, beyond what discovery read
 * from the nodes. The live one is adapters/preflight-ports; every method only reads.
 */
export type PreflightPort = {
	/** A MetaDB session as discovery's user (config.yaml's or the plan's), for grants and sizes. */
	readonly connectMetadb: (target: MetadbTarget) => Promise<MetadbSession>;
	/**
	 * The tags, size and unpacked size of a docker-save package (a read error or a file that is not one is an error).
	 */
	readonly inspectPackage: (
		file: string,
	) => Promise<{readonly repoTags: readonly string[]; readonly bytes: number; readonly unpackedBytes: number}>;
	/** Free space where the workdir is, or its nearest existing ancestor when it does not exist yet. */
	readonly workdirSpace: (workdir: string) => Promise<WorkdirSpace>;
	/** The dump and restore clients; undefined where none is installed (one that cannot run is an error). */
	readonly clients: () => Promise<{
		readonly dump: ClientProgram | undefined;
		readonly mysql: ClientProgram | undefined;
	}>;
};

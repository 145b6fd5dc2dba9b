/** Where a node's Docker engine listens. `ssh` is accepted by the schema; preflight refuses it for now. */
export type DockerEndpoint =
	| {readonly kind: 'unix'; readonly socketPath: string}
	| {readonly kind: 'tcp'; readonly host: string; readonly port: number}
	| {readonly kind: 'ssh'; readonly user: string; readonly host: string; readonly port: number};

export type PlanNode = {
	/** The node's OMS_HOST_IP. */
	readonly host: string;
	/** The endpoint as written in the plan file. */
	readonly docker: string;
	readonly endpoint: DockerEndpoint;
	/** The old (running) container. */
	readonly container: string;
	/** The container the upgrade creates. */
	readonly newContainer: string;
};

export type MetadbOverride = {
	readonly host?: string;
	readonly port?: number;
	readonly user?: string;
	/** Name of the environment variable holding the password; the password never goes in the file. */
	readonly passwordEnv?: string;
};

export type HaSettings = {
	readonly mode: 'metadb' | 'manual';
	readonly after: 'perceive' | 'refetch';
	readonly refetchMarginMin: number;
};

export type TlsFiles = {readonly ca: string; readonly cert: string; readonly key: string};

export type HttpsFiles = {readonly cert: string; readonly key: string};

/** Deadlines of every remote call, in seconds (plan file `timeouts:`). */
export type Timeouts = {
	/** Reaching a Docker engine or the MetaDB. */
	readonly connectSec: number;
	/** One Docker API request (inspect, create, start, …; a stop adds its grace period). */
	readonly requestSec: number;
	/** A stream (image load, exec output) that sends nothing for this long has failed. */
	readonly streamIdleSec: number;
	/** One MetaDB statement. */
	readonly metadbQuerySec: number;
};

/** A validated plan file with every default applied and every path absolute. */
export type Plan = {
	readonly name: string;
	/** Absolute path of the plan file. */
	readonly file: string;
	readonly target: {
		readonly version: string;
		readonly image: string;
		/** Absolute path of the image package on this machine, when one is given. */
		readonly package: string | undefined;
	};
	readonly nodes: readonly PlanNode[];
	readonly workdir: string;
	readonly metadb: MetadbOverride;
	readonly ha: HaSettings;
	readonly init: {readonly minWaitSec: number; readonly timeoutSec: number};
	readonly verify: {readonly timeoutSec: number};
	readonly tls: TlsFiles | undefined;
	readonly https: HttpsFiles | undefined;
	readonly timeouts: Timeouts;
	/** `true`: the new containers run --privileged=true as the guide's docker run has it; `keep`: copy the old container's flag. */
	readonly privileged: true | 'keep';
};

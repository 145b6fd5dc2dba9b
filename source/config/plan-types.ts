/**
 * Where a node's Docker engine listens. For `ssh`, user and port are left to OpenSSH (its config, then
 * its defaults) when the endpoint does not name them, and `host` may be a Host alias of the ssh config.
 */
export type DockerEndpoint =
	| {readonly kind: 'unix'; readonly socketPath: string}
	| {readonly kind: 'tcp'; readonly host: string; readonly port: number}
	| {readonly kind: 'ssh'; readonly user: string | undefined; readonly host: string; readonly port: number | undefined};

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

type MetadbOverride = {
	readonly host?: string;
	readonly port?: number;
	readonly user?: string;
	/** Name of the environment variable holding the password; the password never goes in the file. */
	readonly passwordEnv?: string;
};

type HaSettings = {
	readonly mode: 'metadb' | 'manual';
	readonly after: 'perceive' | 'refetch';
	readonly refetchMarginMin: number;
};

export type TlsFiles = {readonly ca: string; readonly cert: string; readonly key: string};

/** The plan's `ssh:` section: files on this machine used instead of the operator's ~/.ssh defaults. */
export type SshFiles = {
	/** An ssh_config file (`ssh -F`); default ~/.ssh/config. */
	readonly config: string | undefined;
	/** The only known_hosts file consulted (no global one); default ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts. */
	readonly knownHosts: string | undefined;
	/** The only key offered (`-i`, IdentitiesOnly); default the agent and ~/.ssh/id_*. */
	readonly identity: string | undefined;
};

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
	readonly ssh: SshFiles | undefined;
	readonly https: HttpsFiles | undefined;
	readonly timeouts: Timeouts;
	/** `true`: the new containers run --privileged=true as the guide's docker run has it; `keep`: copy the old container's flag. */
	readonly privileged: true | 'keep';
};

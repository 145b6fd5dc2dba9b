import type {NewContainerSpec} from '../domain/container-spec.js';

/** The state of a node's SSH connection, for ssh:// endpoints. */
export type SshState = 'connected' | 'reconnecting' | 'lost';

/** What the tool needs to know about a container, read from `docker inspect`. */
export type ContainerSnapshot = {
	readonly id: string;
	readonly name: string;
	/** The image reference the container was created from, e.g. `oms:feature_4.2.8-ce`. */
	readonly image: string;
	/** The id of that image. */
	readonly imageId: string;
	/** `created`, `running`, `exited`, … */
	readonly status: string;
	/** Whether it runs now. */
	readonly running: boolean;
	/** `0001-01-01T00:00:00Z` when it never ran. */
	readonly startedAt: string;
	/** When it last stopped. */
	readonly finishedAt: string;
	/** Its environment as created. */
	readonly env: readonly string[];
	/** `HostConfig.Binds` as created (`host:container[:options]`). */
	readonly binds: readonly string[];
	/** `--privileged`. */
	readonly privileged: boolean;
	/** `host` for OMS. */
	readonly networkMode: string;
	/** Its labels (the attempt that created it, for ours). */
	readonly labels: Readonly<Record<string, string>>;
};

/** One row of `docker ps -a`. */
export type ContainerSummary = {
	/** The container's id. */
	readonly id: string;
	/** Its name, without the leading slash. */
	readonly name: string;
	/** The image reference. */
	readonly image: string;
	/** `running`, `exited`, `created`, … */
	readonly state: string;
	/** Its labels. */
	readonly labels: Readonly<Record<string, string>>;
	/** Its bind mounts as `source:destination`. */
	readonly binds: readonly string[];
};

/** An image as `docker image inspect` shows it. */
export type ImageSnapshot = {
	/** `sha256:…`. */
	readonly id: string;
	/** The references it carries. */
	readonly repoTags: readonly string[];
};

/** The outcome of a command run in a container. */
export type ExecResult = {
	/** The command's exit code. */
	readonly exitCode: number;
	/** Its output (stdout and stderr), line by line. */
	readonly lines: readonly string[];
};

/**
 * One node's Docker engine as the steps, the engine and the status poller see it. Reads: version,
 * inspect, list, read a file, probe host paths. Writes: everything else. Every call has the engine's
 * deadline and fails naming the node and the call.
 */
export type DockerPort = {
	/** The node (its OMS_HOST_IP). */
	readonly host: string;
	/** The endpoint as the plan names it. */
	readonly endpointText: string;
	/** For ssh:// endpoints, the node's one SSH connection (its state is shown on the node card). */
	readonly tunnel?: {readonly state: SshState} | undefined;
	/** `GET /version`. */
	readonly version: () => Promise<{version: string; apiVersion: string}>;
	/** undefined when no container has that name. */
	readonly inspectContainer: (name: string) => Promise<ContainerSnapshot | undefined>;
	/** undefined when no image has that reference. */
	readonly inspectImage: (reference: string) => Promise<ImageSnapshot | undefined>;
	/** Containers (running or not) with one of these names, or carrying this label. */
	readonly listContainers: (filter: {
		readonly names?: readonly string[];
		readonly label?: string;
	}) => Promise<ContainerSummary[]>;
	/** One file out of a container (through the archive API). */
	readonly readContainerFile: (container: string, path: string) => Promise<Buffer>;
	/** The last `lines` lines a container wrote (stdout and stderr, `docker logs --tail`). */
	readonly logTail: (container: string, lines: number) => Promise<string[]>;
	/** The command lines of the `docker exec`s still running in a container (an exec outlives its client). */
	readonly runningExecs: (container: string) => Promise<string[]>;
	/** Which of these host paths do not exist on the node. */
	readonly missingHostPaths: (image: string, paths: readonly string[]) => Promise<string[]>;
	/** `POST /containers/create`. */
	readonly createContainer: (spec: NewContainerSpec) => Promise<void>;
	/** `docker start` (already running is fine). */
	readonly startContainer: (name: string) => Promise<void>;
	/** `docker stop -t graceSec` (already stopped is fine). */
	readonly stopContainer: (name: string, graceSec: number) => Promise<void>;
	/** `docker rename`. */
	readonly renameContainer: (name: string, newName: string) => Promise<void>;
	/** `docker rm`. */
	readonly removeContainer: (name: string) => Promise<void>;
	/** `docker load` of a local archive, reporting bytes sent; resolves to the engine's messages. */
	readonly loadImage: (file: string, onProgress: (sentBytes: number, totalBytes: number) => void) => Promise<string[]>;
	/** `docker exec`, streaming the output line by line; bounded by `timeoutMs` only. */
	readonly exec: (
		container: string,
		command: readonly string[],
		onLine: (line: string) => void,
		timeoutMs: number,
	) => Promise<ExecResult>;
};

/** Docker reports a container that never ran with this start time. */
export const neverStarted = (snapshot: ContainerSnapshot) => snapshot.startedAt.startsWith('0001-');

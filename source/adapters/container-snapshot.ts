import type Docker from 'dockerode';

/** What the tool needs to know about a container, read from `docker inspect`. */
export type ContainerSnapshot = {
	readonly id: string;
	readonly name: string;
	/** The image reference the container was created from, e.g. `oms:feature_4.2.8-ce`. */
	readonly image: string;
	readonly imageId: string;
	readonly status: string;
	readonly running: boolean;
	readonly startedAt: string;
	readonly finishedAt: string;
	readonly env: readonly string[];
	/** `HostConfig.Binds` as created (`host:container[:options]`). */
	readonly binds: readonly string[];
	readonly privileged: boolean;
	readonly networkMode: string;
	readonly labels: Readonly<Record<string, string>>;
};

/** One row of `docker ps -a`. */
export type ContainerSummary = {
	readonly id: string;
	readonly name: string;
	readonly image: string;
	readonly state: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly binds: readonly string[];
};

/** The create body, with the container's name. */
export type CreateSpec = Docker.ContainerCreateOptions & {readonly name: string};

export function snapshotOf(info: Docker.ContainerInspectInfo): ContainerSnapshot {
	return {
		id: info.Id,
		name: info.Name.replace(/^\//, ''),
		image: info.Config.Image,
		imageId: info.Image,
		status: info.State.Status,
		running: info.State.Running,
		startedAt: info.State.StartedAt,
		finishedAt: info.State.FinishedAt,
		env: info.Config.Env ?? [],
		binds: info.HostConfig.Binds ?? [],
		privileged: info.HostConfig.Privileged ?? false,
		networkMode: info.HostConfig.NetworkMode ?? '',
		labels: info.Config.Labels ?? {},
	};
}

export function summaryOf(info: Docker.ContainerInfo): ContainerSummary {
	return {
		id: info.Id,
		name: (info.Names[0] ?? '').replace(/^\//, ''),
		image: info.Image,
		state: info.State,
		labels: info.Labels ?? {},
		binds: info.Mounts.filter(mount => mount.Type === 'bind').map(mount => `${mount.Source}:${mount.Destination}`),
	};
}

/** Docker reports a container that never ran with this start time. */
export const neverStarted = (snapshot: ContainerSnapshot) => snapshot.startedAt.startsWith('0001-');

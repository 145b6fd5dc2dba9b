import type Docker from 'dockerode';

import type {NewContainerSpec} from '../domain/container-spec.js';
import type {ContainerSnapshot, ContainerSummary} from '../ports/docker-port.js';

export type {ContainerSnapshot, ContainerSummary} from '../ports/docker-port.js';
export {neverStarted} from '../ports/docker-port.js';

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

/** The engine's create body for a new container's spec (copies: dockerode may keep what it is given). */
export function createOptions(spec: NewContainerSpec): Docker.ContainerCreateOptions {
	const {name, ...body} = spec;
	return {
		name,
		...body,
		Env: [...body.Env],
		Labels: {...body.Labels},
		HostConfig: {
			...body.HostConfig,
			Binds: [...body.HostConfig.Binds],
			Ulimits: body.HostConfig.Ulimits.map(limit => ({...limit})),
		},
	};
}

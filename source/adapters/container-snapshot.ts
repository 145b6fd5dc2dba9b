import type Docker from 'dockerode';

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

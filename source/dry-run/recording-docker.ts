import {initCompleted} from '../domain/init-output.js';
import type {UpgradeModel} from '../config/resolve-plan.js';
import {dockerRunEquivalent, type NewContainerSpec} from '../domain/container-spec.js';
import type {ContainerSnapshot, ContainerSummary, DockerPort, ExecResult, ImageSnapshot} from '../ports/docker-port.js';
import {unknownInDryRun, type Recorder} from './recorder.js';

/**
 * A node's engine in a dry run: reads go to the real engine, writes are recorded and applied to an
 * overlay that later reads see (a container "created" here has an id marked as unknown in a dry run), so each step sees
 * the cluster as the writes before it would have left it.
 */
export function recordingDocker(
	real: DockerPort,
	model: UpgradeModel,
	recorder: Recorder,
	started: Set<string>,
	packageImageId: () => Promise<string | undefined>,
): DockerPort {
	const overlay = new Map<string, ContainerSnapshot | null>();
	const images = new Map<string, ImageSnapshot>();
	const record = (text: string) => recorder.record(real.host, 'docker', text);
	const inspect = async (name: string) =>
		overlay.has(name) ? (overlay.get(name) ?? undefined) : real.inspectContainer(name);
	const change = async (name: string, update: (current: ContainerSnapshot) => ContainerSnapshot) => {
		const current = await inspect(name);
		if (current) overlay.set(name, update(current));
	};
	return {
		host: real.host,
		endpointText: real.endpointText,
		tunnel: real.tunnel,
		version: () => real.version(),
		inspectContainer: inspect,
		inspectImage: async reference => images.get(reference) ?? real.inspectImage(reference),
		listContainers: async filter => {
			const listed = (await real.listContainers(filter)).filter(summary => !overlay.has(summary.name));
			const added = [...overlay.values()].filter(
				(snapshot): snapshot is ContainerSnapshot =>
					snapshot !== null &&
					(!filter.names || filter.names.includes(snapshot.name)) &&
					(!filter.label || snapshot.labels[filter.label] !== undefined),
			);
			return [
				...listed,
				...added.map((snapshot): ContainerSummary => ({
					id: snapshot.id,
					name: snapshot.name,
					image: snapshot.image,
					state: snapshot.status,
					labels: snapshot.labels,
					binds: snapshot.binds,
				})),
			];
		},
		readContainerFile: (container, path) => real.readContainerFile(container, path),
		// A container the dry run created or started runs nothing yet; the others are read as they are.
		runningExecs: async container => (overlay.has(container) ? [] : real.runningExecs(container)),
		logTail: async (container, lines) =>
			overlay.has(container) ? [unknownInDryRun(`log of ${container}`)] : real.logTail(container, lines),
		missingHostPaths: (image, paths) => real.missingHostPaths(image, paths),
		createContainer: async (spec: NewContainerSpec) => {
			record(`${dockerRunEquivalent(spec)}  (POST /containers/create, labelled ${JSON.stringify(spec.Labels)})`);
			overlay.set(spec.name, {
				id: unknownInDryRun(`id of the new container ${spec.name}`),
				name: spec.name,
				image: spec.Image,
				imageId: unknownInDryRun(`id of ${spec.Image}`),
				status: 'created',
				running: false,
				startedAt: '0001-01-01T00:00:00Z',
				finishedAt: '0001-01-01T00:00:00Z',
				env: spec.Env,
				binds: spec.HostConfig.Binds,
				privileged: spec.HostConfig.Privileged,
				networkMode: spec.HostConfig.NetworkMode,
				labels: spec.Labels,
			});
		},
		startContainer: async name => {
			record(`docker start ${name}`);
			started.add(real.host);
			// Started long enough ago that init's wait is over: the wait itself is recorded by exec below.
			await change(name, current => ({
				...current,
				running: true,
				status: 'running',
				startedAt: new Date(Date.now() - model.plan.init.minWaitSec * 1000 - 1000).toISOString(),
			}));
		},
		stopContainer: async (name, graceSec) => {
			record(`docker stop -t ${graceSec} ${name}  (the engine kills it after ${graceSec}s; the container is kept)`);
			await change(name, current => ({...current, running: false, status: 'exited'}));
		},
		renameContainer: async (name, newName) => {
			record(`docker rename ${name} ${newName}`);
			const current = await inspect(name);
			overlay.set(name, null);
			if (current) overlay.set(newName, {...current, name: newName});
		},
		removeContainer: async name => {
			record(`docker rm ${name}`);
			overlay.set(name, null);
		},
		loadImage: async (file, onProgress) => {
			record(`docker load -i ${file}  (POST /images/load, streamed from this machine)`);
			onProgress(0, 0);
			const id = (await packageImageId()) ?? unknownInDryRun(`id of ${model.plan.target.image} as loaded from ${file}`);
			images.set(model.plan.target.image, {id, repoTags: [model.plan.target.image]});
			return [];
		},
		exec: async (container, command, onLine): Promise<ExecResult> => {
			const text = command.join(' ');
			const current = await inspect(container);
			const simulated = current !== undefined && overlay.has(container);
			if (text === 'supervisorctl status') {
				if (!simulated) return real.exec(container, command, onLine, 30_000);
				recorder.record(
					real.host,
					'wait',
					`wait ${model.plan.init.minWaitSec}s after ${container} starts, then until \`supervisorctl status\` shows no STARTING program`,
				);
				return {exitCode: 0, lines: []};
			}
			record(
				`docker exec ${container} ${text}  (timeout ${model.plan.init.timeoutSec}s; success = exit 0, the completion line and no error line)`,
			);
			// After init, every node of its region comes ONLINE: verify's reads are simulated for them too,
			// also where the new containers were started by an earlier, real run (a resumed attempt).
			for (const region of model.regions)
				if (region.hosts.includes(real.host)) for (const host of region.hosts) started.add(host);
			// A dry run assumes the script's success: its output is what a dry run cannot know.
			return {exitCode: 0, lines: [unknownInDryRun(`output of ${text}`), initCompleted]};
		},
	};
}

import type {NewContainerSpec} from '../../../source/domain/container-spec.js';
import type {
	ContainerSnapshot,
	ContainerSummary,
	DockerPort,
	ExecResult,
	ImageSnapshot,
} from '../../../source/ports/docker-port.js';
import type {CallLog} from './fake-calls.js';

type Box = {-readonly [K in keyof ContainerSnapshot]: ContainerSnapshot[K]};

const neverRan = '0001-01-01T00:00:00Z';

/**
 * One node's engine in memory: containers by name, images by reference; docker_init.sh and supervisorctl answer as the
 * lab's OMS does.
 */
export class FakeDocker implements DockerPort {
	readonly endpointText: string;
	readonly containers = new Map<string, Box>();
	readonly images = new Map<string, string>();
	/** How many times docker_init.sh ran here; the exit codes it answers with, in order (then 0). */
	initRuns = 0;
	initExitCodes: number[] = [];
	/**
	 * What docker_init.sh says and exits with, in order, before `initExitCodes` is read (a failure with exit 0, say).
	 */
	initAnswers: {exitCode: number; lines: string[]}[] = [];
	/** Free space on the engine's data root, as `df` in a container reports it. */
	freeBytes = 100 * 2 ** 30;
	/** The node's config.yaml, as its old container holds it. */
	configText = '';
	/** Called when docker_init.sh completes here: the fake cluster migrates its metadata. */
	onInitCompleted: (() => void) | undefined;
	private ids = 0;

	constructor(
		readonly host: string,
		private readonly log: CallLog,
		/** The image id `loadImage` leaves under the loaded reference. */
		private readonly packageImage: {readonly reference: string; readonly id: string},
	) {
		this.endpointText = `fake://${host}`;
	}

	addContainer(
		name: string,
		image: string,
		options: {running: boolean; binds?: readonly string[]; labels?: Record<string, string>},
	): Box {
		const box: Box = {
			id: `${name}-id-${++this.ids}`,
			name,
			image,
			imageId: `sha256:${image}`,
			status: options.running ? 'running' : 'exited',
			running: options.running,
			startedAt: options.running ? new Date().toISOString() : neverRan,
			finishedAt: neverRan,
			env: [],
			binds: options.binds ?? [],
			privileged: true,
			networkMode: 'host',
			labels: options.labels ?? {},
		};
		this.containers.set(name, box);
		return box;
	}

	private call(what: string, write: boolean): void {
		this.log.record({port: 'docker', node: this.host, what, write});
	}

	version = async () => (this.call('version', false), {version: '26.1.5', apiVersion: '1.45'});
	inspectContainer = async (name: string): Promise<ContainerSnapshot | undefined> => {
		this.call(`inspectContainer ${name}`, false);
		const box = this.containers.get(name);
		return box ? {...box} : undefined;
	};
	inspectImage = async (reference: string): Promise<ImageSnapshot | undefined> => {
		this.call(`inspectImage ${reference}`, false);
		const id = this.images.get(reference);
		return id ? {id, repoTags: [reference]} : undefined;
	};
	listContainers = async (filter: {
		readonly names?: readonly string[];
		readonly label?: string;
	}): Promise<ContainerSummary[]> => {
		this.call(`listContainers ${JSON.stringify(filter)}`, false);
		return [...this.containers.values()]
			.filter(
				box =>
					(!filter.names || filter.names.includes(box.name)) &&
					(!filter.label || box.labels[filter.label] !== undefined),
			)
			.map(box => ({
				id: box.id,
				name: box.name,
				image: box.image,
				state: box.status,
				labels: box.labels,
				binds: box.binds,
			}));
	};
	readContainerFile = async (container: string, path: string): Promise<Buffer> => (
		this.call(`readContainerFile ${container} ${path}`, false),
		Buffer.from(path === '/home/admin/conf/config.yaml' ? this.configText : '')
	);
	logTail = async (container: string): Promise<string[]> => (
		this.call(`logTail ${container}`, false),
		[`${container} log line`]
	);
	missingHostPaths = async (): Promise<string[]> => (this.call('missingHostPaths', false), []);
	/** No exec outlives its call here (the init supervisor test and the lab test cover one that does). */
	runningExecs = async (container: string): Promise<string[]> => (this.call(`runningExecs ${container}`, false), []);
	createContainer = async (spec: NewContainerSpec): Promise<void> => {
		this.call(`createContainer ${spec.name}`, true);
		if (this.containers.has(spec.name))
			throw new Error(`Conflict. The container name "/${spec.name}" is already in use`);
		const box = this.addContainer(spec.name, spec.Image, {
			running: false,
			binds: spec.HostConfig.Binds,
			labels: {...spec.Labels},
		});
		box.status = 'created';
	};
	startContainer = async (name: string): Promise<void> => {
		this.call(`startContainer ${name}`, true);
		const box = this.must(name);
		if (!box.running)
			Object.assign(box, {running: true, status: 'running', startedAt: new Date(Date.now() - 1000).toISOString()});
	};
	stopContainer = async (name: string, graceSec: number): Promise<void> => {
		this.call(`stopContainer ${name} -t ${graceSec}`, true);
		Object.assign(this.must(name), {running: false, status: 'exited', finishedAt: new Date().toISOString()});
	};
	renameContainer = async (name: string, newName: string): Promise<void> => {
		this.call(`renameContainer ${name} ${newName}`, true);
		const box = this.must(name);
		this.containers.delete(name);
		box.name = newName;
		this.containers.set(newName, box);
	};
	removeContainer = async (name: string): Promise<void> => {
		this.call(`removeContainer ${name}`, true);
		this.must(name);
		this.containers.delete(name);
	};
	loadImage = async (file: string, onProgress: (sent: number, total: number) => void): Promise<string[]> => {
		this.call(`loadImage ${file}`, true);
		onProgress(100, 100);
		this.images.set(this.packageImage.reference, this.packageImage.id);
		return [`Loaded image: ${this.packageImage.reference}`];
	};
	exec = async (container: string, command: readonly string[], onLine: (line: string) => void): Promise<ExecResult> => {
		const text = command.join(' ');
		const reads = text === 'supervisorctl status' || text === 'df -Pk /';
		this.call(`exec ${container} ${text}`, !reads);
		if (!this.must(container).running) throw new Error(`container ${container} is not running`);
		if (text === 'supervisorctl status') return {exitCode: 0, lines: ['oms_console RUNNING']};
		if (text === 'df -Pk /') {
			const available = Math.floor(this.freeBytes / 1024);
			return {
				exitCode: 0,
				lines: [
					'Filesystem 1024-blocks Used Available Capacity Mounted on',
					`overlay 104857600 1000 ${available} 1% /`,
				],
			};
		}
		this.initRuns += 1;
		const scripted = this.initAnswers.shift();
		const exitCode = scripted?.exitCode ?? this.initExitCodes.shift() ?? 0;
		const lines =
			scripted?.lines ??
			(exitCode === 0
				? ['[Completed] All initialization steps are executed']
				: ['Version before 4.1.1 is not allowed to upgrade']);
		for (const line of lines) onLine(line);
		if (exitCode === 0 && lines.some(line => line.includes('[Completed]'))) this.onInitCompleted?.();
		return {exitCode, lines};
	};

	private must(name: string): Box {
		const box = this.containers.get(name);
		if (!box) throw new Error(`No such container: ${name}`);
		return box;
	}
}

import Docker from 'dockerode';
import type {DockerEndpoint, SshFiles, TlsFiles} from '../config/plan-types.js';
import {ExternalError} from '../domain/errors.js';
import {trackCall} from './call-tracker.js';
import type {SshTunnel} from './ssh-tunnel.js';
import {dockerApi} from './docker-connect.js';
import {readContainerFile} from './container-files.js';
import type {NewContainerSpec} from '../domain/container-spec.js';
import type {ContainerSnapshot, ContainerSummary, DockerPort, ExecResult, ImageSnapshot} from '../ports/docker-port.js';
import {createOptions, snapshotOf, summaryOf} from './container-snapshot.js';
import {containerLogTail, runningExecs} from './container-logs.js';
import type {EngineDeadlines, EngineHandle} from './engine-handle.js';
import {callError, ignoreNotModified, isNotFound, signalOption, timedOutError} from './docker-errors.js';
import {missingHostPaths} from './docker-host-paths.js';
import {execInContainer, loadImage} from './docker-streams.js';

export type {ContainerSnapshot, ContainerSummary, ImageSnapshot} from '../ports/docker-port.js';
export {errorText, isNotFound} from './docker-errors.js';

export type {EngineDeadlines} from './engine-handle.js';

export {deadlinesOf} from './docker-connect.js';

/**
 * One node's Docker engine, reached over the plan's endpoint. Every call has a deadline: a hung or
 * unreachable engine fails the call naming the node and the call, instead of waiting forever.
 */
export class DockerEngine implements DockerPort, EngineHandle {
	private constructor(
		readonly host: string,
		readonly endpointText: string,
		private readonly api: Docker,
		readonly deadlines: EngineDeadlines,
		/** For ssh:// endpoints: the node's one SSH connection, which carries every request. */
		readonly tunnel?: SshTunnel,
	) {}

	/**
	 * Reaches the node's engine over the plan's endpoint (adapters/docker-connect); ssh:// opens its one SSH
	 * connection.
	 */
	static async connect(
		host: string,
		endpointText: string,
		endpoint: DockerEndpoint,
		tls: TlsFiles | undefined,
		deadlines: EngineDeadlines,
		ssh?: SshFiles,
	): Promise<DockerEngine> {
		const {api, tunnel} = await dockerApi(host, endpoint, tls, deadlines, ssh);
		return new DockerEngine(host, endpointText, api, deadlines, tunnel);
	}

	async version(): Promise<{version: string; apiVersion: string}> {
		const info = await this.call(
			'reach the engine (GET /version)',
			abortSignal => this.api.version(signalOption(abortSignal) as never) as unknown as Promise<Docker.DockerVersion>,
			this.deadlines.connectMs,
		);
		return {version: info.Version, apiVersion: info.ApiVersion};
	}

	async inspectContainer(name: string): Promise<ContainerSnapshot | undefined> {
		return this.orMissing(`inspect container ${name}`, async abortSignal =>
			snapshotOf(await this.api.getContainer(name).inspect({abortSignal})),
		);
	}

	async inspectImage(reference: string): Promise<ImageSnapshot | undefined> {
		return this.orMissing(`inspect image ${reference}`, async abortSignal => {
			const info = await this.api.getImage(reference).inspect(signalOption(abortSignal) as Docker.ImageInspectOptions);
			return {id: info.Id, repoTags: info.RepoTags ?? []};
		});
	}

	/** Containers (running or not) with one of these names, or carrying this label. */
	async listContainers(filter: {
		readonly names?: readonly string[];
		readonly label?: string;
	}): Promise<ContainerSummary[]> {
		const filters = {
			...(filter.names ? {name: [...filter.names]} : {}),
			...(filter.label ? {label: [filter.label]} : {}),
		};
		const listed = await this.call(`list containers`, abortSignal =>
			this.api.listContainers({all: true, filters, abortSignal}),
		);
		const wanted = (summary: ContainerSummary) => !filter.names || filter.names.includes(summary.name);
		return listed.map(summaryOf).filter(wanted);
	}

	async createContainer(spec: NewContainerSpec): Promise<void> {
		await this.call(`create container ${spec.name}`, abortSignal =>
			this.api.createContainer({...createOptions(spec), abortSignal}),
		);
	}

	async startContainer(name: string): Promise<void> {
		await this.call(`start container ${name}`, abortSignal =>
			this.api.getContainer(name).start({abortSignal}).catch(ignoreNotModified),
		);
	}

	/** `docker stop -t graceSec`: the engine answers once the container exited, so the deadline adds the grace. */
	async stopContainer(name: string, graceSec: number): Promise<void> {
		await this.call(
			`stop container ${name}`,
			abortSignal => this.api.getContainer(name).stop({t: graceSec, abortSignal}).catch(ignoreNotModified),
			graceSec * 1000 + this.deadlines.requestMs,
		);
	}

	async renameContainer(name: string, newName: string): Promise<void> {
		await this.call(`rename container ${name} to ${newName}`, abortSignal =>
			this.api.getContainer(name).rename({name: newName, abortSignal}),
		);
	}

	async removeContainer(name: string): Promise<void> {
		await this.call(`remove container ${name}`, abortSignal => this.api.getContainer(name).remove({abortSignal}));
	}

	/**
	 * The engine's API object, for the stream adapters (load, exec) that set their own idle deadlines; not part of the
	 * port.
	 */
	streamApi(): Docker {
		return this.api;
	}

	/** One file out of a container through the archive API (adapters/container-files). */
	async readContainerFile(container: string, path: string): Promise<Buffer> {
		return readContainerFile(this, container, path);
	}

	/** The `docker exec`s still running in a container (adapters/container-logs). */
	async runningExecs(container: string): Promise<string[]> {
		return runningExecs(this, container);
	}

	/** Which of these host paths do not exist on the node (adapters/docker-host-paths). */
	async missingHostPaths(image: string, paths: readonly string[]): Promise<string[]> {
		return missingHostPaths(this.api, (action, run) => this.call(action, run), image, paths);
	}

	/** `docker logs --tail` (adapters/container-logs). */
	async logTail(container: string, lines: number): Promise<string[]> {
		return containerLogTail(this, container, lines);
	}

	/** `docker load` of a local archive, streamed from this machine (adapters/docker-streams). */
	async loadImage(file: string, onProgress: (sentBytes: number, totalBytes: number) => void): Promise<string[]> {
		return loadImage(this, file, onProgress);
	}

	/** `docker exec`, streaming the output (adapters/docker-streams). */
	async exec(
		container: string,
		command: readonly string[],
		onLine: (line: string) => void,
		timeoutMs: number,
	): Promise<ExecResult> {
		return execInContainer(this, container, command, onLine, timeoutMs);
	}

	/** Runs an engine call under a deadline, turning failures into an error that names the node and the call. */
	async call<T>(
		action: string,
		run: (signal: AbortSignal) => Promise<T>,
		timeoutMs = this.deadlines.requestMs,
	): Promise<T> {
		const signal = AbortSignal.timeout(timeoutMs);
		const done = trackCall(this.host, action);
		try {
			return await run(signal);
		} catch (error) {
			if (signal.aborted) throw this.timedOut(action, timeoutMs);
			throw this.wrap(action, error);
		} finally {
			done();
		}
	}

	timedOut(action: string, timeoutMs: number): ExternalError {
		return timedOutError(this, action, timeoutMs);
	}

	wrap(action: string, error: unknown): ExternalError {
		return callError(this, action, error);
	}

	/** undefined for a 404 (no such container or image); a deadline or any other failure is an error. */
	private async orMissing<T>(action: string, run: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
		try {
			return await this.call(action, run);
		} catch (error) {
			if (isNotFound((error as Error).cause)) return undefined;
			throw error;
		}
	}
}

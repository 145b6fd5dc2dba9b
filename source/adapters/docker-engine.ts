import {readFile} from 'node:fs/promises';
import Docker from 'dockerode';
import type {DockerEndpoint, SshFiles, Timeouts, TlsFiles} from '../config/plan-types.js';
import {ExternalError} from '../domain/errors.js';
import {trackCall} from './call-tracker.js';
import type {SshTunnel} from './ssh-tunnel.js';
import {sshTunnel} from './ssh-tunnels.js';
import {readTarEntries} from './tar-reader.js';
import type {NewContainerSpec} from '../domain/container-spec.js';
import type {ContainerSnapshot, ContainerSummary, DockerPort, ExecResult, ImageSnapshot} from '../ports/docker-port.js';
import {snapshotOf, summaryOf} from './container-snapshot.js';
import {containerLogTail} from './container-logs.js';
import type {EngineDeadlines, EngineHandle} from './engine-handle.js';
import {errorText, ignoreNotModified, isNotFound, signalOption} from './docker-errors.js';
import {missingHostPaths} from './docker-host-paths.js';
import {execInContainer, loadImage} from './docker-streams.js';

export type {ContainerSnapshot, ContainerSummary, ImageSnapshot} from '../ports/docker-port.js';
export {errorText, isNotFound} from './docker-errors.js';

export type {EngineDeadlines} from './engine-handle.js';

export const deadlinesOf = (timeouts: Timeouts): EngineDeadlines => ({
	connectMs: timeouts.connectSec * 1000,
	requestMs: timeouts.requestSec * 1000,
	streamIdleMs: timeouts.streamIdleSec * 1000,
});

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

	static async connect(
		host: string,
		endpointText: string,
		endpoint: DockerEndpoint,
		tls: TlsFiles | undefined,
		deadlines: EngineDeadlines,
		ssh?: SshFiles,
	): Promise<DockerEngine> {
		if (endpoint.kind === 'ssh') {
			const tunnel = await sshTunnel(host, endpoint, ssh, Math.max(1, Math.ceil(deadlines.connectMs / 1000)));
			return new DockerEngine(host, endpointText, new Docker({socketPath: tunnel.socketPath}), deadlines, tunnel);
		}
		if (endpoint.kind === 'unix') return new DockerEngine(host, endpointText, new Docker({socketPath: endpoint.socketPath}), deadlines);
		if (!tls) return new DockerEngine(host, endpointText, new Docker({host: endpoint.host, port: endpoint.port, protocol: 'http'}), deadlines);
		const [ca, cert, key] = await Promise.all([readFile(tls.ca), readFile(tls.cert), readFile(tls.key)]);
		return new DockerEngine(host, endpointText, new Docker({host: endpoint.host, port: endpoint.port, protocol: 'https', ca, cert, key}), deadlines);
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
		return this.orMissing(`inspect container ${name}`, async abortSignal => snapshotOf(await this.api.getContainer(name).inspect({abortSignal})));
	}

	async inspectImage(reference: string): Promise<ImageSnapshot | undefined> {
		return this.orMissing(`inspect image ${reference}`, async abortSignal => {
			const info = await this.api.getImage(reference).inspect(signalOption(abortSignal) as Docker.ImageInspectOptions);
			return {id: info.Id, repoTags: info.RepoTags ?? []};
		});
	}

	/** Containers (running or not) with one of these names, or carrying this label. */
	async listContainers(filter: {readonly names?: readonly string[]; readonly label?: string}): Promise<ContainerSummary[]> {
		const filters = {...(filter.names ? {name: [...filter.names]} : {}), ...(filter.label ? {label: [filter.label]} : {})};
		const listed = await this.call(`list containers`, abortSignal => this.api.listContainers({all: true, filters, abortSignal}));
		const wanted = (summary: ContainerSummary) => !filter.names || filter.names.includes(summary.name);
		return listed.map(summaryOf).filter(wanted);
	}

	async createContainer(spec: NewContainerSpec): Promise<void> {
		const {name, ...body} = spec;
		const options: Docker.ContainerCreateOptions = {
			name,
			...body,
			Env: [...body.Env],
			Labels: {...body.Labels},
			HostConfig: {...body.HostConfig, Binds: [...body.HostConfig.Binds], Ulimits: body.HostConfig.Ulimits.map(limit => ({...limit}))},
		};
		await this.call(`create container ${name}`, abortSignal => this.api.createContainer({...options, abortSignal}));
	}

	async startContainer(name: string): Promise<void> {
		await this.call(`start container ${name}`, abortSignal => this.api.getContainer(name).start({abortSignal}).catch(ignoreNotModified));
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
		await this.call(`rename container ${name} to ${newName}`, abortSignal => this.api.getContainer(name).rename({name: newName, abortSignal}));
	}

	async removeContainer(name: string): Promise<void> {
		await this.call(`remove container ${name}`, abortSignal => this.api.getContainer(name).remove({abortSignal}));
	}

	/** The engine's API object, for the stream adapters (load, exec) that set their own idle deadlines; not part of the port. */
	streamApi(): Docker {
		return this.api;
	}

	/**
	 * Reads one file out of a container through the archive API; works whether it runs or not.
	 * On a stopped container the engine re-mounts its binds, and a missing bind source would be
	 * created as a directory: callers check the host paths with `missingHostPaths` first.
	 */
	async readContainerFile(container: string, path: string): Promise<Buffer> {
		const entries = await this.call(`read ${path} from container ${container}`, async abortSignal => {
			const stream = await this.api.getContainer(container).getArchive({path, abortSignal});
			return readTarEntries(stream, entry => entry.type === 'file');
		});
		const file = entries[0];
		if (!file) throw new ExternalError(`node ${this.host}: ${path} in container ${container} is not a regular file.`);
		return file.content;
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
	async exec(container: string, command: readonly string[], onLine: (line: string) => void, timeoutMs: number): Promise<ExecResult> {
		return execInContainer(this, container, command, onLine, timeoutMs);
	}

	/** Runs an engine call under a deadline, turning failures into an error that names the node and the call. */
	async call<T>(action: string, run: (signal: AbortSignal) => Promise<T>, timeoutMs = this.deadlines.requestMs): Promise<T> {
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
		return new ExternalError(`node ${this.host}: Docker at ${this.endpointText} did not answer \`${action}\` within ${Math.round(timeoutMs / 1000)}s.`, {
			hint: `The engine is hung or unreachable: check it on the node (docker info, systemctl status docker), then run again (the deadline is the plan file's timeouts.${timeoutMs === this.deadlines.connectMs ? 'connectSec' : 'requestSec'}).`,
		});
	}

	wrap(action: string, error: unknown): ExternalError {
		const link = this.tunnel?.explain(error);
		if (link) {
			return new ExternalError(`node ${this.host}: cannot ${action} on Docker at ${this.endpointText}: ${link.text}.`, {
				cause: link.cause,
				hint: link.hint,
			});
		}
		return new ExternalError(`node ${this.host}: cannot ${action} on Docker at ${this.endpointText}: ${errorText(error)}.`, {
			cause: error,
			hint: 'Check that the engine runs and that this machine can reach it (docker -H <endpoint> info).',
		});
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

import {readFile} from 'node:fs/promises';
import Docker from 'dockerode';
import type {DockerEndpoint, SshFiles, TlsFiles} from '../config/plan-types.js';
import {ExternalError} from '../domain/errors.js';
import type {SshTunnel} from './ssh-tunnel.js';
import {sshTunnel} from './ssh-tunnels.js';
import {readTarEntries} from './tar-reader.js';

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
};

export type ImageSnapshot = {readonly id: string; readonly repoTags: readonly string[]};

/** One node's Docker engine, reached over the plan's endpoint. */
export class DockerEngine {
	readonly api: Docker;

	private constructor(
		readonly host: string,
		readonly endpointText: string,
		api: Docker,
		/** For ssh:// endpoints: the node's one SSH connection, which carries every request. */
		readonly tunnel?: SshTunnel,
	) {
		this.api = api;
	}

	static async connect(host: string, endpointText: string, endpoint: DockerEndpoint, tls: TlsFiles | undefined, ssh?: SshFiles): Promise<DockerEngine> {
		if (endpoint.kind === 'ssh') {
			const tunnel = await sshTunnel(host, endpoint, ssh);
			return new DockerEngine(host, endpointText, new Docker({socketPath: tunnel.socketPath}), tunnel);
		}
		if (endpoint.kind === 'unix') return new DockerEngine(host, endpointText, new Docker({socketPath: endpoint.socketPath}));
		if (!tls) return new DockerEngine(host, endpointText, new Docker({host: endpoint.host, port: endpoint.port, protocol: 'http'}));
		const [ca, cert, key] = await Promise.all([readFile(tls.ca), readFile(tls.cert), readFile(tls.key)]);
		return new DockerEngine(host, endpointText, new Docker({host: endpoint.host, port: endpoint.port, protocol: 'https', ca, cert, key}));
	}

	async version(): Promise<{version: string; apiVersion: string}> {
		const info = await this.call('reach the engine', () => this.api.version());
		return {version: info.Version, apiVersion: info.ApiVersion};
	}

	async inspectContainer(name: string): Promise<ContainerSnapshot | undefined> {
		try {
			const info = await this.api.getContainer(name).inspect();
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
			};
		} catch (error) {
			if (isNotFound(error)) return undefined;
			throw this.wrap(`inspect container ${name}`, error);
		}
	}

	async inspectImage(reference: string): Promise<ImageSnapshot | undefined> {
		try {
			const info = await this.api.getImage(reference).inspect();
			return {id: info.Id, repoTags: info.RepoTags ?? []};
		} catch (error) {
			if (isNotFound(error)) return undefined;
			throw this.wrap(`inspect image ${reference}`, error);
		}
	}

	/**
	 * Reads one file out of a container through the archive API; works whether it runs or not.
	 * On a stopped container the engine re-mounts its binds, and a missing bind source would be
	 * created as a directory: callers check the host paths with `missingHostPaths` first.
	 */
	async readContainerFile(container: string, path: string): Promise<Buffer> {
		const stream = await this.call(`read ${path} from container ${container}`, () =>
			this.api.getContainer(container).getArchive({path}),
		);
		const entries = await readTarEntries(stream, entry => entry.type === 'file');
		const file = entries[0];
		if (!file) throw new ExternalError(`node ${this.host}: ${path} in container ${container} is not a regular file.`);
		return file.content;
	}

	/**
	 * Which of these host paths do not exist on the node. Asks the engine itself: it refuses to
	 * create a container with a `--mount type=bind` whose source is missing (unlike `-v`, which
	 * would create it). The probe container is never started and is removed at once.
	 */
	async missingHostPaths(image: string, paths: readonly string[]): Promise<string[]> {
		// One probe for all paths answers the common case (none missing); then one per path to name them.
		if (paths.length > 1 && (await this.probeMounts(image, paths))) return [];
		const missing: string[] = [];
		for (const path of paths) if (!(await this.probeMounts(image, [path]))) missing.push(path);
		return missing;
	}

	/** True when every path exists: the engine accepted a (never started) container binding them all. */
	private async probeMounts(image: string, paths: readonly string[]): Promise<boolean> {
		try {
			const probe = await this.api.createContainer({
				Image: image,
				Cmd: ['true'],
				Labels: {'oms-upgrade.probe': 'host-path'},
				HostConfig: {Mounts: paths.map((source, index) => ({Type: 'bind' as const, Source: source, Target: `/oms-upgrade-probe/${index}`, ReadOnly: true}))},
			});
			await probe.remove({force: true});
			return true;
		} catch (error) {
			if (/bind source path does not exist/.test(errorText(error))) return false;
			throw this.wrap(`check that host paths ${paths.join(', ')} exist`, error);
		}
	}

	/** Runs an engine call, turning failures into an error that names the node and the action. */
	async call<T>(action: string, run: () => Promise<T>): Promise<T> {
		try {
			return await run();
		} catch (error) {
			throw this.wrap(action, error);
		}
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
}

export function isNotFound(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as {statusCode?: number}).statusCode === 404;
}

export function errorText(error: unknown): string {
	if (typeof error === 'object' && error !== null) {
		const {json, message} = error as {json?: {message?: string}; message?: string};
		if (json?.message) return json.message;
		if (message) return message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '').trim();
	}
	return String(error);
}

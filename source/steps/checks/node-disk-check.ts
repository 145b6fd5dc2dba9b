import type {Discovery} from '../../config/discover-cluster.js';
import type {NodeFacts} from '../../config/discover-node.js';
import {describeError} from '../../domain/errors.js';
import {formatBytes} from '../../domain/format.js';
import type {DockerPort} from '../../ports/docker-port.js';
import {fail, pass, warn, type CheckResult, type ResumeFacts} from './check-types.js';

/** `df -Pk /` inside a running container: its root file system lives on the engine's data root. */
const dfCommand = ['df', '-Pk', '/'] as const;

/** The free bytes `df -Pk` printed (its last line: filesystem, 1024-blocks, used, available, …), or undefined. */
export function dfAvailableBytes(lines: readonly string[]): number | undefined {
	const fields =
		lines
			.filter(line => line.trim() !== '')
			.at(-1)
			?.trim()
			.split(/\s+/) ?? [];
	const available = Number(fields[3]);
	return fields.length >= 4 && Number.isFinite(available) ? available * 1024 : undefined;
}

/**
 * `docker load` writes the unpacked image under the engine's data root (the archive's layers, and on
 * older engines a temporary copy of the archive first). Free space there is read with `df` inside a
 * running container of the node (the old OMS, or this attempt's new one when resumed): a read, through the
 * same Docker API as every other call. Fails below the unpacked size, warns below twice that; a warning
 * where it cannot be read.
 */
export async function nodeDiskChecks(
	discovery: Discovery,
	unpackedBytes: number | undefined,
	resumed?: ResumeFacts,
): Promise<CheckResult[]> {
	if (!discovery.plan.target.package || unpackedBytes === undefined) return [];
	return Promise.all(
		discovery.nodes.flatMap(facts =>
			facts.engine ? [nodeDisk(facts, facts.engine, discovery.plan.target.image, unpackedBytes, resumed)] : [],
		),
	);
}

async function nodeDisk(
	facts: NodeFacts,
	engine: DockerPort,
	image: string,
	unpackedBytes: number,
	resumed?: ResumeFacts,
): Promise<CheckResult> {
	const host = facts.node.host;
	if (resumed?.staged) return pass('node-disk', host, 'stage-image is done in this attempt: the image is loaded');
	try {
		if (await engine.inspectImage(image))
			return pass('node-disk', host, `${image} is on the node already: nothing to load`);
	} catch {
		// The image check says what went wrong reading images; the free space is still worth reading.
	}
	const container = facts.container?.running
		? facts.container.name
		: facts.newContainer?.status === 'running'
			? facts.node.newContainer
			: undefined;
	const unread = (why: string) =>
		warn(
			'node-disk',
			host,
			`the free space of the Docker data root could not be read (${why}); the image unpacks to ${formatBytes(unpackedBytes)}: check it on the node (docker info, df)`,
		);
	if (!container) return unread('no running container on the node to run df in');
	let lines: readonly string[];
	try {
		const result = await engine.exec(container, dfCommand, () => undefined, 15_000);
		if (result.exitCode !== 0) return unread(`df in ${container} exited ${result.exitCode}`);
		lines = result.lines;
	} catch (error) {
		return unread(`df in ${container}: ${describeError(error)}`);
	}
	const free = dfAvailableBytes(lines);
	if (free === undefined) return unread(`df in ${container} printed "${lines.at(-1) ?? ''}"`);
	const reason = `${formatBytes(free)} free on the Docker data root (df in ${container}); the image unpacks to ${formatBytes(unpackedBytes)}`;
	if (free < unpackedBytes)
		return fail('node-disk', host, `${reason}: not enough for docker load; free space on the node first.`);
	if (free < unpackedBytes * 2)
		return warn('node-disk', host, `${reason}: tight (docker load may need room for the archive too)`);
	return pass('node-disk', host, reason);
}

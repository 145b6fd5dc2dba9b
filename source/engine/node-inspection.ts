import type {ContainerSnapshot} from '../ports/docker-port.js';
import type {UpgradeModel} from '../config/resolve-plan.js';
import {describeError} from '../domain/errors.js';
import {redact} from '../domain/redact.js';
import type {RunLogLine} from '../ports/run-ports.js';

export type {RunLogLine} from '../ports/run-ports.js';

/** One container as the node view shows it; env holds only the variables that decide how OMS starts. */
export type ContainerFacts = {
	readonly name: string;
	readonly image: string;
	readonly status: string;
	readonly startedAt: string;
	readonly binds: readonly string[];
	readonly env: readonly string[];
};

/** What one look at a node found: both containers, and the new container's last log lines. */
export type NodeInspection = {
	/** When it was read (ISO-8601). */
	readonly at: string;
	/** null when the container does not exist. */
	readonly old: ContainerFacts | null;
	readonly fresh: ContainerFacts | null;
	/** The new container's last lines (stdout and stderr), or null when it does not exist. */
	readonly logs: readonly string[] | null;
	/** Why the engine could not be read, when it could not. */
	readonly error: string | null;
	/** This node's docker_init.sh output as the newest attempt's run logs recorded it (earlier runs included). */
	readonly initOutput: readonly RunLogLine[];
};

/** Variables an operator checks when a node misbehaves; the rest of the image's env is noise. */
const mattering = /^(OMS_|IS_UPGRADE|HA_|TZ|LANG|JAVA_OPTS|SPRING_)/;

const logTailLines = 200;

/**
 * Reads one node through the engine it is reached by (the status poller's connection), for the node
 * view; `initLines` reads what the attempt's run logs hold of init on a node.
 */
export async function inspectNode(
	model: UpgradeModel,
	host: string,
	initLines: (host: string) => Promise<readonly RunLogLine[]>,
): Promise<NodeInspection> {
	const at = new Date().toISOString();
	const node = model.nodes.find(candidate => candidate.host === host);
	if (!node)
		return {at, old: null, fresh: null, logs: null, error: `${host} is not a node of the plan`, initOutput: []};
	const initOutput = await initLines(host).catch(() => []);
	try {
		const [old, fresh] = await Promise.all([
			node.engine.inspectContainer(node.oldContainer),
			node.engine.inspectContainer(node.newContainer),
		]);
		const logs = fresh ? await node.engine.logTail(node.newContainer, logTailLines) : null;
		return {
			at,
			old: old ? facts(old) : null,
			fresh: fresh ? facts(fresh) : null,
			logs: logs?.map(redact) ?? null,
			error: null,
			initOutput,
		};
	} catch (error) {
		return {at, old: null, fresh: null, logs: null, error: redact(describeError(error)), initOutput};
	}
}

function facts(snapshot: ContainerSnapshot): ContainerFacts {
	return {
		name: snapshot.name,
		image: snapshot.image,
		status: snapshot.status,
		startedAt: snapshot.startedAt,
		binds: snapshot.binds,
		env: snapshot.env.filter(variable => mattering.test(variable)).map(redact),
	};
}

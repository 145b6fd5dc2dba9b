import {versionDigits, type Version} from '../domain/versions.js';
import {isHostAddress, parseDockerEndpoint} from './docker-endpoint.js';
import {type Context, type Mapping, fail, isList, mapping, need, optional, required, rule, show, text} from './plan-fields.js';
import {checkKeys} from './plan-document.js';
import type {DockerEndpoint, PlanNode} from './plan-types.js';

// The plan's nodes: each node's fields, then what must be unique across them (hosts, container names per engine).

const containerRule = text(
	/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/,
	'expected a Docker container name: letters, digits, _ . or -, starting with a letter or digit, e.g. oms_428',
);
const hostRule = rule('expected an IPv4 address or a DNS host name, e.g. 10.0.0.2', value =>
	typeof value === 'string' && isHostAddress(value) ? value : undefined,
);
const dockerRule = rule(
	'expected unix:///path, tcp://host:port, tcp://host:2376 with tls, or ssh://[user@]host[:port] (host may be an ssh config alias)',
	value => {
		const endpoint = typeof value === 'string' ? parseDockerEndpoint(value) : undefined;
		return endpoint && {docker: String(value), endpoint};
	},
);

type ReadNode = PlanNode & {readonly defaultNewContainer: boolean};

function readNode(ctx: Context, field: string, value: unknown, version: Version): ReadNode {
	const node = need(ctx, field, value, mapping('expected a mapping with host, docker, container and optionally newContainer'));
	checkKeys(ctx, field, node, ['host', 'docker', 'container', 'newContainer']);
	const host = required(ctx, node, field, 'host', hostRule);
	const {docker, endpoint} = required(ctx, node, field, 'docker', dockerRule);
	const container = required(ctx, node, field, 'container', containerRule);
	const given = optional(ctx, node, field, 'newContainer', containerRule);
	if (given === container) {
		fail(ctx, `${field}.newContainer`, `${show(given)} is the same as container`, 'expected a new container name that differs from the running one');
	}
	const newContainer = given ?? `${container}_${versionDigits(version)}`;
	return {host, docker, endpoint, container, newContainer, defaultNewContainer: given === undefined};
}

/** Spellings of one engine (ssh://u@h and ssh://u@h:22, host name case) share one set of containers. */
function engineKey(endpoint: DockerEndpoint): string {
	if (endpoint.kind === 'unix') return `unix://${endpoint.socketPath}`;
	if (endpoint.kind === 'ssh') return `ssh://${endpoint.user ?? ''}@${endpoint.host.toLowerCase()}:${endpoint.port ?? 22}`;
	return `tcp://${endpoint.host.toLowerCase()}:${endpoint.port}`;
}

export function readNodes(ctx: Context, root: Mapping, version: Version): PlanNode[] {
	const list = required(
		ctx,
		root,
		'',
		'nodes',
		rule('expected a non-empty list of nodes, each with host, docker and container', value => (isList(value) && value.length > 0 ? value : undefined)),
	);
	const hosts = new Map<string, string>();
	const names = new Map<string, string>();
	return list.map((item, index) => {
		const field = `nodes[${index}]`;
		const {defaultNewContainer, ...node} = readNode(ctx, field, item, version);
		const seenHost = hosts.get(node.host.toLowerCase());
		if (seenHost) fail(ctx, `${field}.host`, `${show(node.host)} is used twice (also ${seenHost})`, 'expected every node to have its own host');
		hosts.set(node.host.toLowerCase(), `${field}.host`);
		const engine = engineKey(node.endpoint);
		for (const key of ['container', 'newContainer'] as const) {
			const seen = names.get(`${engine} ${node[key]}`);
			if (seen)
				fail(
					ctx,
					`${field}.${key}`,
					`${show(node[key])} is used twice on the same Docker engine (also ${seen})`,
					'expected container names that are unique on each Docker engine',
				);
		}
		names.set(`${engine} ${node.container}`, `${field}.container`);
		names.set(`${engine} ${node.newContainer}`, defaultNewContainer ? `the default ${field}.newContainer` : `${field}.newContainer`);
		return node;
	});
}

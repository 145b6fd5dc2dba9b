import {parse} from 'yaml';

/** The keys of an OMS node's `/home/admin/conf/config.yaml` that an upgrade relies on. */
export type OmsConfig = {
	readonly metaHost: string;
	readonly metaPort: number;
	readonly metaUser: string;
	/** Secret. */
	readonly metaPassword: string;
	readonly rmDb: string;
	readonly cmDb: string;
	readonly heartbeatDb: string;
	readonly region: string;
	readonly location: string;
	readonly isDefault: boolean;
	readonly nodes: readonly string[];
	readonly cmUrl: string;
};

export const configPathInContainer = '/home/admin/conf/config.yaml';

const required = [
	'oms_meta_host',
	'oms_meta_port',
	'oms_meta_user',
	'oms_meta_password',
	'drc_rm_db',
	'drc_cm_db',
	'drc_cm_heartbeat_db',
	'cm_region',
	'cm_location',
	'cm_nodes',
] as const;

/** Parses config.yaml; returns the missing or malformed keys instead of throwing. */
export function parseOmsConfig(text: string): {config: OmsConfig} | {problem: string} {
	let document: unknown;
	try {
		document = parse(text);
	} catch (error) {
		return {problem: `config.yaml is not valid YAML (${(error as Error).message.split('\n')[0]})`};
	}
	if (typeof document !== 'object' || document === null || Array.isArray(document)) {
		return {problem: 'config.yaml is not a YAML mapping'};
	}
	const values = document as Record<string, unknown>;
	const missing = required.filter(key => values[key] === undefined || values[key] === null || values[key] === '');
	if (missing.length > 0) return {problem: `config.yaml lacks ${missing.join(', ')}`};
	const rawPort = values.oms_meta_port;
	const port = typeof rawPort === 'number' || typeof rawPort === 'string' ? Number(rawPort) : Number.NaN;
	if (!Number.isInteger(port) || port < 1 || port > 65_535) {
		return {problem: `config.yaml oms_meta_port is ${JSON.stringify(values.oms_meta_port)}, not a port number`};
	}
	const nodes = values.cm_nodes;
	if (typeof nodes === 'object' && !Array.isArray(nodes))
		return {problem: 'config.yaml cm_nodes is a mapping, not a list of node IPs'};
	const nodeList = Array.isArray(nodes)
		? nodes.map(String)
		: String(nodes)
				.split(',')
				.map(item => item.trim())
				.filter(Boolean);
	return {
		config: {
			metaHost: String(values.oms_meta_host),
			metaPort: port,
			metaUser: String(values.oms_meta_user),
			metaPassword: String(values.oms_meta_password),
			rmDb: String(values.drc_rm_db),
			cmDb: String(values.drc_cm_db),
			heartbeatDb: String(values.drc_cm_heartbeat_db),
			region: String(values.cm_region),
			location: String(values.cm_location),
			isDefault: values.cm_is_default === true || String(values.cm_is_default) === 'true',
			nodes: nodeList,
			cmUrl: String(values.cm_url ?? ''),
		},
	};
}

/** config.yaml as sorted JSON, so comments, quoting and key order do not make two files "different". */
export function canonicalConfig(text: string): string {
	const sort = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(sort);
		if (typeof value === 'object' && value !== null) {
			return Object.fromEntries(
				Object.entries(value)
					.sort(([a], [b]) => a.localeCompare(b))
					.map(([key, item]) => [key, sort(item)]),
			);
		}
		return value;
	};
	try {
		return JSON.stringify(sort(parse(text)));
	} catch {
		return text;
	}
}

import {constants} from 'node:fs';
import {access, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {formatVersion, parseVersion, versionDigits, type Version} from '../domain/versions.js';
import {isHostAddress, parseDockerEndpoint} from './docker-endpoint.js';
import {type Context, type Mapping, type Rule, checkKeys, displayPath, errorCode, fail, integer, isList, mapping, need, oneOf, optional, parseRoot, readMapping, required, rule, show, text} from './plan-fields.js';
import type {DockerEndpoint, HttpsFiles, Plan, PlanNode, SshFiles, TlsFiles} from './plan-types.js';

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const nameRule = text(namePattern, 'expected letters, digits, _ . or -, starting with a letter or digit, e.g. hz-prod');

function readName(ctx: Context, root: Mapping, file: string): string {
	const given = optional(ctx, root, '', 'name', nameRule);
	if (given !== undefined) return given;
	const fromFile = path.basename(file, path.extname(file));
	if (!namePattern.test(fromFile)) {
		fail(ctx, 'name', `missing and the file name ${JSON.stringify(fromFile)} cannot stand in for it`, `${nameRule.expected}; set name: in the file`);
	}
	return fromFile;
}

const filePath = (expected: string): Rule<string> => text(/\S/, expected);
const imagePattern = /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._-]|__)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._-]|__)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

function readTarget(ctx: Context, root: Mapping): {version: Version; image: string; package: string | undefined} {
	const target = required(ctx, root, '', 'target', mapping('expected a mapping with version and optionally image and package'));
	checkKeys(ctx, 'target', target, ['version', 'image', 'package']);
	const version = required(ctx, target, 'target', 'version', rule('expected a version shaped X.Y.Z-CE, e.g. 4.2.9-CE', value => (typeof value === 'string' ? parseVersion(value) : undefined)));
	const defaultImage = `oms:feature_${version.major}.${version.minor}.${version.patch}-ce`;
	const image = optional(ctx, target, 'target', 'image', text(imagePattern, `expected a Docker image reference, e.g. ${defaultImage}`));
	const archive = optional(ctx, target, 'target', 'package', filePath('expected a path to a docker-save archive (.tar or .tar.gz) on this machine'));
	return {version, image: image ?? defaultImage, package: archive === undefined ? undefined : path.resolve(ctx.dir, archive)};
}

const containerRule = text(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, 'expected a Docker container name: letters, digits, _ . or -, starting with a letter or digit, e.g. oms_428');
const hostRule = rule('expected an IPv4 address or a DNS host name, e.g. 10.0.0.2', value => (typeof value === 'string' && isHostAddress(value) ? value : undefined));
const dockerRule = rule('expected unix:///path, tcp://host:port, tcp://host:2376 with tls, or ssh://[user@]host[:port] (host may be an ssh config alias)', value => {
	const endpoint = typeof value === 'string' ? parseDockerEndpoint(value) : undefined;
	return endpoint && {docker: String(value), endpoint};
});

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

function readNodes(ctx: Context, root: Mapping, version: Version): PlanNode[] {
	const list = required(ctx, root, '', 'nodes', rule('expected a non-empty list of nodes, each with host, docker and container', value => (isList(value) && value.length > 0 ? value : undefined)));
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
			if (seen) fail(ctx, `${field}.${key}`, `${show(node[key])} is used twice on the same Docker engine (also ${seen})`, 'expected container names that are unique on each Docker engine');
		}
		names.set(`${engine} ${node.container}`, `${field}.container`);
		names.set(`${engine} ${node.newContainer}`, defaultNewContainer ? `the default ${field}.newContainer` : `${field}.newContainer`);
		return node;
	});
}

// Someone typing `password:` is about to put a secret in a file that gets shared; say where it goes instead.
const passwordNote = (key: string): string =>
	/pass|pwd/i.test(key) && key.toLowerCase() !== 'passwordenv' ? ' (the password never goes in this file: name an environment variable in passwordEnv)' : '';

function readMetadb(ctx: Context, root: Mapping): Plan['metadb'] {
	const metadb = readMapping(ctx, root, 'metadb', ['host', 'port', 'user', 'passwordEnv'], passwordNote);
	if (!metadb) return {};
	return {
		host: optional(ctx, metadb, 'metadb', 'host', text(/^\S+$/, 'expected a MetaDB host name or IP address, e.g. 10.0.0.10')),
		port: optional(ctx, metadb, 'metadb', 'port', integer(1, 'expected a whole number from 1 to 65535', 65_535)),
		user: optional(ctx, metadb, 'metadb', 'user', text(/^\S+$/, 'expected a MetaDB user name, e.g. oms_meta_user')),
		passwordEnv: optional(ctx, metadb, 'metadb', 'passwordEnv', text(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name, e.g. OMS_META_PASSWORD')),
	};
}

function readHa(ctx: Context, root: Mapping): Plan['ha'] {
	const ha = readMapping(ctx, root, 'ha', ['mode', 'after', 'refetchMarginMin']) ?? {};
	return {
		mode: optional(ctx, ha, 'ha', 'mode', oneOf(['metadb', 'manual'] as const)) ?? 'metadb',
		after: optional(ctx, ha, 'ha', 'after', oneOf(['perceive', 'refetch'] as const)) ?? 'perceive',
		refetchMarginMin: optional(ctx, ha, 'ha', 'refetchMarginMin', integer(1, 'expected a whole number of minutes, 1 or more (the guide: greater than T2 - T1)')) ?? 30,
	};
}

const seconds = integer(1, 'expected a whole number of seconds, 1 or more');

function readInit(ctx: Context, root: Mapping): Plan['init'] {
	const init = readMapping(ctx, root, 'init', ['minWaitSec', 'timeoutSec']) ?? {};
	return {
		minWaitSec: optional(ctx, init, 'init', 'minWaitSec', integer(0, 'expected a whole number of seconds, 0 or more')) ?? 300,
		timeoutSec: optional(ctx, init, 'init', 'timeoutSec', seconds) ?? 1800,
	};
}

function readVerify(ctx: Context, root: Mapping): Plan['verify'] {
	const verify = readMapping(ctx, root, 'verify', ['timeoutSec']) ?? {};
	return {timeoutSec: optional(ctx, verify, 'verify', 'timeoutSec', seconds) ?? 600};
}

function readTimeouts(ctx: Context, root: Mapping): Plan['timeouts'] {
	const timeouts = readMapping(ctx, root, 'timeouts', ['connectSec', 'requestSec', 'streamIdleSec', 'metadbQuerySec']) ?? {};
	const read = (key: string, fallback: number) => optional(ctx, timeouts, 'timeouts', key, integer(1, 'expected a whole number of seconds, 1 or more', 86_400)) ?? fallback;
	return {connectSec: read('connectSec', 10), requestSec: read('requestSec', 30), streamIdleSec: read('streamIdleSec', 120), metadbQuerySec: read('metadbQuerySec', 60)};
}

function readPrivileged(ctx: Context, root: Mapping): Plan['privileged'] {
	const value = optional(ctx, root, '', 'privileged', rule<true | 'keep'>('expected true (the guide: --privileged=true) or keep (copy the old container\'s flag)', given => (given === true || given === 'keep' ? given : undefined)));
	return value ?? true;
}

function readTls(ctx: Context, root: Mapping): TlsFiles | undefined {
	const tls = readMapping(ctx, root, 'tls', ['ca', 'cert', 'key']);
	if (!tls) return undefined;
	const pem = filePath('expected a path to a PEM file on this machine');
	const read = (key: string): string => path.resolve(ctx.dir, required(ctx, tls, 'tls', key, pem));
	return {ca: read('ca'), cert: read('cert'), key: read('key')};
}

function readSsh(ctx: Context, root: Mapping): SshFiles | undefined {
	const ssh = readMapping(ctx, root, 'ssh', ['config', 'knownHosts', 'identity']);
	if (!ssh) return undefined;
	const read = (key: string, expected: string): string | undefined => {
		const file = optional(ctx, ssh, 'ssh', key, filePath(expected));
		return file === undefined ? undefined : path.resolve(ctx.dir, file);
	};
	return {
		config: read('config', 'expected a path to an ssh_config file on this machine'),
		knownHosts: read('knownHosts', 'expected a path to a known_hosts file on this machine'),
		identity: read('identity', 'expected a path to a private key file on this machine'),
	};
}

function readHttps(ctx: Context, root: Mapping): HttpsFiles | undefined {
	const https = readMapping(ctx, root, 'https', ['cert', 'key']);
	if (!https) return undefined;
	const onNode = (example: string): Rule<string> => text(/^\/.*[^/]$/, `expected an absolute path on the nodes (starting with /), e.g. ${example}`);
	return {
		cert: required(ctx, https, 'https', 'cert', onNode('/data/oms/https_crt')),
		key: required(ctx, https, 'https', 'key', onNode('/data/oms/https_key')),
	};
}

/** Validates a plan file's text; `file` is the plan's path, which relative paths inside it resolve against. */
export function parsePlan(source: string, file: string): Plan {
	const absolute = path.resolve(file);
	const ctx: Context = {display: displayPath(absolute), dir: path.dirname(absolute)};
	const root = parseRoot(ctx, source);
	checkKeys(ctx, '', root, ['name', 'target', 'nodes', 'workdir', 'metadb', 'ha', 'init', 'verify', 'tls', 'ssh', 'https', 'timeouts', 'privileged']);
	const name = readName(ctx, root, absolute);
	const {version, image, package: archive} = readTarget(ctx, root);
	const nodes = readNodes(ctx, root, version);
	const workdir = optional(ctx, root, '', 'workdir', filePath('expected a directory path on this machine, e.g. ./oms-upgrade-hz-prod'));
	const metadb = readMetadb(ctx, root);
	const ha = readHa(ctx, root);
	const init = readInit(ctx, root);
	const verify = readVerify(ctx, root);
	const tls = readTls(ctx, root);
	const ssh = readSsh(ctx, root);
	const https = readHttps(ctx, root);
	const timeouts = readTimeouts(ctx, root);
	const privileged = readPrivileged(ctx, root);
	// Docker's TLS port means the engine refuses plain connections, so without certificates every call would fail.
	nodes.forEach((node, index) => {
		if (!tls && node.endpoint.kind === 'tcp' && node.endpoint.port === 2376) {
			fail(ctx, `nodes[${index}].docker`, `${show(node.docker)} is the TLS port but the plan has no tls block`, 'expected a tls: {ca, cert, key} block for a TLS endpoint');
		}
	});
	return {
		name,
		file: absolute,
		target: {version: formatVersion(version), image, package: archive},
		nodes,
		workdir: path.resolve(ctx.dir, workdir ?? `oms-upgrade-${name}`),
		metadb,
		ha,
		init,
		verify,
		tls,
		ssh,
		https,
		timeouts,
		privileged,
	};
}

async function unreadable(file: string): Promise<string | undefined> {
	try {
		await access(file, constants.R_OK);
		return (await stat(file)).isFile() ? undefined : 'is not a regular file';
	} catch (error) {
		return `is not readable (${errorCode(error)})`;
	}
}

/** Reads and validates a plan file, then checks that the files it names on this machine can be read. */
export async function loadPlan(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Plan> {
	const absolute = path.resolve(file);
	const ctx: Context = {display: displayPath(absolute), dir: path.dirname(absolute)};
	let source: string;
	try {
		source = await readFile(absolute, 'utf8');
	} catch (error) {
		fail(ctx, undefined, `cannot read the plan file (${errorCode(error)})`, 'expected a readable plan file (see -c/--config)', error);
	}
	const plan = parsePlan(source, absolute);
	const local: Array<[string, string | undefined, string]> = [
		['target.package', plan.target.package, 'expected a docker-save archive (.tar or .tar.gz) readable on this machine'],
		['tls.ca', plan.tls?.ca, 'expected a PEM file readable on this machine'],
		['tls.cert', plan.tls?.cert, 'expected a PEM file readable on this machine'],
		['tls.key', plan.tls?.key, 'expected a PEM file readable on this machine'],
		['ssh.config', plan.ssh?.config, 'expected an ssh_config file readable on this machine'],
		['ssh.knownHosts', plan.ssh?.knownHosts, 'expected a known_hosts file readable on this machine'],
		['ssh.identity', plan.ssh?.identity, 'expected a private key file readable on this machine'],
	];
	for (const [field, localFile, expected] of local) {
		if (localFile === undefined) continue;
		const problem = await unreadable(localFile);
		if (problem) fail(ctx, field, `${show(localFile)} ${problem}`, expected);
	}
	const variable = plan.metadb.passwordEnv;
	if (variable !== undefined && env[variable] === undefined) {
		fail(ctx, 'metadb.passwordEnv', `names ${variable}, which is not set in this environment`, `expected the MetaDB password in ${variable}: export it (e.g. read -rs ${variable}; export ${variable}) and run again`);
	}
	return plan;
}

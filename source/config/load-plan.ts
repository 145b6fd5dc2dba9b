import {constants} from 'node:fs';
import {access, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {formatVersion, parseVersion, type Version} from '../domain/versions.js';
import {readHttps, readSsh, readTls} from './plan-access.js';
import {checkKeys, displayPath, parseRoot} from './plan-document.js';
import {type Context, type Mapping, errorCode, fail, filePath, mapping, optional, required, rule, show, text} from './plan-fields.js';
import {readNodes} from './plan-nodes.js';
import {readHa, readInit, readMetadb, readPrivileged, readTimeouts, readVerify} from './plan-sections.js';
import type {Plan} from './plan-types.js';

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

const imagePattern =
	/^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._-]|__)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._-]|__)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

function readTarget(ctx: Context, root: Mapping): {version: Version; image: string; package: string | undefined} {
	const target = required(ctx, root, '', 'target', mapping('expected a mapping with version and optionally image and package'));
	checkKeys(ctx, 'target', target, ['version', 'image', 'package']);
	const version = required(
		ctx,
		target,
		'target',
		'version',
		rule('expected a version shaped X.Y.Z-CE, e.g. 4.2.9-CE', value => (typeof value === 'string' ? parseVersion(value) : undefined)),
	);
	const defaultImage = `oms:feature_${version.major}.${version.minor}.${version.patch}-ce`;
	const image = optional(ctx, target, 'target', 'image', text(imagePattern, `expected a Docker image reference, e.g. ${defaultImage}`));
	const archive = optional(ctx, target, 'target', 'package', filePath('expected a path to a docker-save archive (.tar or .tar.gz) on this machine'));
	return {version, image: image ?? defaultImage, package: archive === undefined ? undefined : path.resolve(ctx.dir, archive)};
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
			fail(
				ctx,
				`nodes[${index}].docker`,
				`${show(node.docker)} is the TLS port but the plan has no tls block`,
				'expected a tls: {ca, cert, key} block for a TLS endpoint',
			);
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
		fail(
			ctx,
			'metadb.passwordEnv',
			`names ${variable}, which is not set in this environment`,
			`expected the MetaDB password in ${variable}: export it (e.g. read -rs ${variable}; export ${variable}) and run again`,
		);
	}
	return plan;
}

import {constants} from 'node:fs';
import {access, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {parseDocument} from 'yaml';
import {ConfigError} from '../domain/errors.js';
import {errorCode, fail, planProblem, show} from './plan-messages.js';
import {planSchema} from './plan-schema.js';
import type {Plan} from './plan-types.js';

const documentExpected = 'expected a YAML mapping with at least target and nodes';

function displayPath(file: string): string {
	const relative = path.relative(process.cwd(), file);
	return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}

/** `image:` with nothing after it is null in YAML; the plan counts it as absent (the default, or missing). */
function nullAsAbsent(value: unknown): unknown {
	if (value === null) return undefined;
	if (Array.isArray(value)) return value.map(nullAsAbsent);
	if (typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, nullAsAbsent(each)]));
	return value;
}

function parseDocumentRoot(display: string, source: string): Record<string, unknown> {
	const document = parseDocument(source);
	let root: unknown;
	try {
		const [error] = document.errors;
		if (error) throw error;
		if (document.contents === null) fail(display, undefined, 'the file is empty', documentExpected);
		root = document.toJS();
	} catch (error) {
		if (error instanceof ConfigError) throw error;
		const message = error instanceof Error ? error.message : String(error);
		fail(
			display,
			undefined,
			`not valid YAML (${message.split('\n')[0]})`,
			'expected a YAML mapping as described in the README',
			error,
		);
	}
	if (typeof root !== 'object' || root === null || Array.isArray(root))
		fail(display, undefined, `the document is ${kindOf(root)}`, documentExpected);
	return root as Record<string, unknown>;
}

/** Validates a plan file's text; `file` is the plan's path, which relative paths inside it resolve against. */
export function parsePlan(source: string, file: string): Plan {
	const absolute = path.resolve(file);
	const display = displayPath(absolute);
	const root = nullAsAbsent(parseDocumentRoot(display, source));
	const result = planSchema(absolute).safeParse(root, {reportInput: true});
	if (!result.success) planProblem(display, result.error.issues);
	return result.data;
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
	const display = displayPath(absolute);
	let source: string;
	try {
		source = await readFile(absolute, 'utf8');
	} catch (error) {
		fail(
			display,
			undefined,
			`cannot read the plan file (${errorCode(error)})`,
			'expected a readable plan file (see -c/--config)',
			error,
		);
	}
	const plan = parsePlan(source, absolute);
	const local: Array<[string, string | undefined, string]> = [
		[
			'target.package',
			plan.target.package,
			'expected a docker-save archive (.tar or .tar.gz) readable on this machine',
		],
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
		if (problem) fail(display, field, `${show(localFile)} ${problem}`, expected);
	}
	const variable = plan.metadb.passwordEnv;
	if (variable !== undefined && env[variable] === undefined) {
		fail(
			display,
			'metadb.passwordEnv',
			`names ${variable}, which is not set in this environment`,
			`expected the MetaDB password in ${variable}: export it (e.g. read -rs ${variable}; export ${variable}) and run again`,
		);
	}
	return plan;
}

import path from 'node:path';
import {type Context, type Mapping, type Rule, filePath, optional, required, text} from './plan-fields.js';
import {readMapping} from './plan-document.js';
import type {HttpsFiles, SshFiles, TlsFiles} from './plan-types.js';

// The plan's files for reaching the nodes (Docker TLS, SSH) and the HTTPS files the new containers use.

export function readTls(ctx: Context, root: Mapping): TlsFiles | undefined {
	const tls = readMapping(ctx, root, 'tls', ['ca', 'cert', 'key']);
	if (!tls) return undefined;
	const pem = filePath('expected a path to a PEM file on this machine');
	const read = (key: string): string => path.resolve(ctx.dir, required(ctx, tls, 'tls', key, pem));
	return {ca: read('ca'), cert: read('cert'), key: read('key')};
}

export function readSsh(ctx: Context, root: Mapping): SshFiles | undefined {
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

export function readHttps(ctx: Context, root: Mapping): HttpsFiles | undefined {
	const https = readMapping(ctx, root, 'https', ['cert', 'key']);
	if (!https) return undefined;
	const onNode = (example: string): Rule<string> => text(/^\/.*[^/]$/, `expected an absolute path on the nodes (starting with /), e.g. ${example}`);
	return {
		cert: required(ctx, https, 'https', 'cert', onNode('/data/oms/https_crt')),
		key: required(ctx, https, 'https', 'key', onNode('/data/oms/https_key')),
	};
}

import {type Context, type Mapping, integer, oneOf, optional, rule, text} from './plan-fields.js';
import {readMapping} from './plan-document.js';
import type {Plan} from './plan-types.js';

// The plan's optional sections that tune the run (MetaDB, HA, init, verify, deadlines, privileged), with their defaults.

// Someone typing `password:` is about to put a secret in a file that gets shared; say where it goes instead.
const passwordNote = (key: string): string =>
	/pass|pwd/i.test(key) && key.toLowerCase() !== 'passwordenv' ? ' (the password never goes in this file: name an environment variable in passwordEnv)' : '';

export function readMetadb(ctx: Context, root: Mapping): Plan['metadb'] {
	const metadb = readMapping(ctx, root, 'metadb', ['host', 'port', 'user', 'passwordEnv'], passwordNote);
	if (!metadb) return {};
	return {
		host: optional(ctx, metadb, 'metadb', 'host', text(/^\S+$/, 'expected a MetaDB host name or IP address, e.g. 10.0.0.10')),
		port: optional(ctx, metadb, 'metadb', 'port', integer(1, 'expected a whole number from 1 to 65535', 65_535)),
		user: optional(ctx, metadb, 'metadb', 'user', text(/^\S+$/, 'expected a MetaDB user name, e.g. oms_meta_user')),
		passwordEnv: optional(
			ctx,
			metadb,
			'metadb',
			'passwordEnv',
			text(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name, e.g. OMS_META_PASSWORD'),
		),
	};
}

export function readHa(ctx: Context, root: Mapping): Plan['ha'] {
	const ha = readMapping(ctx, root, 'ha', ['mode', 'after', 'refetchMarginMin']) ?? {};
	return {
		mode: optional(ctx, ha, 'ha', 'mode', oneOf(['metadb', 'manual'] as const)) ?? 'metadb',
		after: optional(ctx, ha, 'ha', 'after', oneOf(['perceive', 'refetch'] as const)) ?? 'perceive',
		refetchMarginMin:
			optional(ctx, ha, 'ha', 'refetchMarginMin', integer(1, 'expected a whole number of minutes, 1 or more (the guide: greater than T2 - T1)')) ?? 30,
	};
}

const seconds = integer(1, 'expected a whole number of seconds, 1 or more');

export function readInit(ctx: Context, root: Mapping): Plan['init'] {
	const init = readMapping(ctx, root, 'init', ['minWaitSec', 'timeoutSec']) ?? {};
	return {
		minWaitSec: optional(ctx, init, 'init', 'minWaitSec', integer(0, 'expected a whole number of seconds, 0 or more')) ?? 300,
		timeoutSec: optional(ctx, init, 'init', 'timeoutSec', seconds) ?? 1800,
	};
}

export function readVerify(ctx: Context, root: Mapping): Plan['verify'] {
	const verify = readMapping(ctx, root, 'verify', ['timeoutSec']) ?? {};
	return {timeoutSec: optional(ctx, verify, 'verify', 'timeoutSec', seconds) ?? 600};
}

export function readTimeouts(ctx: Context, root: Mapping): Plan['timeouts'] {
	const timeouts = readMapping(ctx, root, 'timeouts', ['connectSec', 'requestSec', 'streamIdleSec', 'metadbQuerySec']) ?? {};
	const read = (key: string, fallback: number) =>
		optional(ctx, timeouts, 'timeouts', key, integer(1, 'expected a whole number of seconds, 1 or more', 86_400)) ?? fallback;
	return {
		connectSec: read('connectSec', 10),
		requestSec: read('requestSec', 30),
		streamIdleSec: read('streamIdleSec', 120),
		metadbQuerySec: read('metadbQuerySec', 60),
	};
}

export function readPrivileged(ctx: Context, root: Mapping): Plan['privileged'] {
	const value = optional(
		ctx,
		root,
		'',
		'privileged',
		rule<true | 'keep'>("expected true (the guide: --privileged=true) or keep (copy the old container's flag)", given =>
			given === true || given === 'keep' ? given : undefined,
		),
	);
	return value ?? true;
}

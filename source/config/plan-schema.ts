import path from 'node:path';
// Not `import {z}`: that object holds all of zod (its 40-odd locales too), which the release bundle would then carry.
import * as z from 'zod';
import {formatVersion, parseVersion, versionDigits, type Version} from '../domain/versions.js';
import {type DockerEndpoint, isHostAddress, parseDockerEndpoint} from './docker-endpoint.js';
import {type CrossCheck, show, unknownKey} from './plan-messages.js';

/*
 * The plan file (SPEC.md §3), field by field: what each field allows, in the words its error message uses
 * ("expected …"), and its default. The `Plan` type and its sections' types are inferred from this schema
 * (plan-types.ts). A key the plan does not know is an error: a misspelt optional key would otherwise quietly
 * take its default. YAML's `key:` with nothing after it is null; load-plan.ts makes it absent first.
 */

// ---- The kinds of field

const text = (pattern: RegExp, expected: string) => z.string({error: expected}).regex(pattern, {error: expected});

const whole = (min: number, expected: string, max = Number.MAX_SAFE_INTEGER) =>
	z.int({error: expected}).min(min, {error: expected}).max(max, {error: expected});

const oneOf = <const T extends readonly [string, ...string[]]>(...choices: T) =>
	z.enum(choices, {error: `expected ${choices.join(' or ')}`});

/** A string that `read` turns into something richer, or refuses. */
const parsed = <T>(read: (given: string) => T | undefined, expected: string) =>
	z.string({error: expected}).transform((given, ctx) => {
		const value = read(given);
		if (value === undefined) ctx.addIssue({code: 'custom', message: expected, input: given});
		return value ?? z.NEVER;
	});

/** A mapping with exactly these keys; `note` adds advice to the message for an unknown key. */
function mapping<const Shape extends z.ZodRawShape>(
	shape: Shape,
	expected?: string,
	note: (key: string) => string = () => '',
) {
	const allowed = Object.keys(shape);
	return z.strictObject(shape, {
		error: issue =>
			issue.code === 'unrecognized_keys'
				? unknownKey(String(issue.keys[0]), allowed, note(String(issue.keys[0])))
				: (expected ?? `expected a mapping with ${allowed.join(', ')}`),
	});
}

/**
 * Reports a rule across fields (in a transform, which runs once every field has passed): `found` is the problem,
 * `expected` the fix.
 */
function refuse(ctx: z.RefinementCtx, where: PropertyKey[], found: string, expected: string): void {
	ctx.addIssue({code: 'custom', path: where, message: expected, params: {problem: found} satisfies CrossCheck});
}

// ---- name, target

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const nameExpected = 'expected letters, digits, _ . or -, starting with a letter or digit, e.g. hz-prod';

const imagePattern =
	/^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._-]|__)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._-]|__)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** The image the target's package holds unless `target.image` names another: `oms:feature_4.2.9-ce` for 4.2.9-CE. */
const defaultImage = (version: Version): string => `oms:feature_${version.major}.${version.minor}.${version.patch}-ce`;

// ---- nodes

const containerName = text(
	/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/,
	'expected a Docker container name: letters, digits, _ . or -, starting with a letter or digit, e.g. oms_428',
);

const hostExpected = 'expected an IPv4 address or a DNS host name, e.g. 10.0.0.2';

/** `docker:` as written, and the endpoint it names. */
const docker = parsed(given => {
	const endpoint = parseDockerEndpoint(given);
	return endpoint && {docker: given, endpoint};
}, 'expected unix:///path, tcp://host:port, tcp://host:2376 with tls, or ssh://[user@]host[:port] (host may be an ssh config alias)');

const node = mapping(
	{
		/** The node's OMS_HOST_IP. */
		host: z.string({error: hostExpected}).refine(isHostAddress, {error: hostExpected}),
		docker,
		/** The old (running) container. */
		container: containerName,
		/** The container the upgrade creates; default `<container>_<target version digits>`, e.g. oms_428_429. */
		newContainer: containerName.optional(),
	},
	'expected a mapping with host, docker, container and optionally newContainer',
).transform(({docker: {docker, endpoint}, ...given}, ctx) => {
	if (given.newContainer === given.container) {
		refuse(
			ctx,
			['newContainer'],
			`${show(given.newContainer)} is the same as container`,
			'expected a new container name that differs from the running one',
		);
	}
	return {...given, docker, endpoint};
});

const nodesExpected = 'expected a non-empty list of nodes, each with host, docker and container';

const defaultNewContainer = (container: string, version: Version): string => `${container}_${versionDigits(version)}`;

/** Spellings of one engine (ssh://u@h and ssh://u@h:22, host name case) share one set of containers. */
function engineKey(endpoint: DockerEndpoint): string {
	if (endpoint.kind === 'unix') return `unix://${endpoint.socketPath}`;
	if (endpoint.kind === 'ssh')
		return `ssh://${endpoint.user ?? ''}@${endpoint.host.toLowerCase()}:${endpoint.port ?? 22}`;
	return `tcp://${endpoint.host.toLowerCase()}:${endpoint.port}`;
}

// ---- the optional sections that tune the run

// Someone typing `password:` is about to put a secret in a file that gets shared; say where it goes instead.
const passwordNote = (key: string): string =>
	/pass|pwd/i.test(key) && key.toLowerCase() !== 'passwordenv'
		? ' (the password never goes in this file: name an environment variable in passwordEnv)'
		: '';

/** Optional: by default the MetaDB comes from the old containers' config.yaml. */
const metadb = mapping(
	{
		host: text(/^\S+$/, 'expected a MetaDB host name or IP address, e.g. 10.0.0.10').optional(),
		port: whole(1, 'expected a whole number from 1 to 65535', 65_535).optional(),
		user: text(/^\S+$/, 'expected a MetaDB user name, e.g. oms_meta_user').optional(),
		/** Name of the environment variable holding the password; the password never goes in the file. */
		passwordEnv: text(
			/^[A-Za-z_][A-Za-z0-9_]*$/,
			'expected an environment variable name, e.g. OMS_META_PASSWORD',
		).optional(),
	},
	undefined,
	passwordNote,
);

const ha = mapping({
	/** metadb: the tool writes rm.oms_normal_config; manual: the operator does, the tool verifies. */
	mode: oneOf('metadb', 'manual').default('metadb'),
	/**
	 * perceive: perceiveStoreClientCheckpoint=true; refetch: refetchStoreIntervalMin from the downtime plus the margin.
	 */
	after: oneOf('perceive', 'refetch').default('perceive'),
	refetchMarginMin: whole(1, 'expected a whole number of minutes, 1 or more (the guide: greater than T2 - T1)').default(
		30,
	),
});

const seconds = whole(1, 'expected a whole number of seconds, 1 or more');

const init = mapping({
	/** The floor before docker_init.sh (the guide's sleep 300). */
	minWaitSec: whole(0, 'expected a whole number of seconds, 0 or more').default(300),
	timeoutSec: seconds.default(1800),
	/**
	 * How long docker_init.sh takes in one region, as the operator expects it: the downtime forecast's figure for
	 * init until an earlier attempt on this cluster has measured it. Absent: the tool's default range.
	 */
	expectedSec: seconds.optional(),
});

const verify = mapping({timeoutSec: seconds.default(600)});

const deadline = whole(1, 'expected a whole number of seconds, 1 or more', 86_400);

/** Deadlines of every remote call, in seconds. */
const timeouts = mapping({
	/** Reaching a Docker engine or the MetaDB. */
	connectSec: deadline.default(10),
	/** One Docker API request (inspect, create, start, …; a stop adds its grace period). */
	requestSec: deadline.default(30),
	/** A stream (image load, exec output) that sends nothing for this long has failed. */
	streamIdleSec: deadline.default(120),
	/** One MetaDB statement. */
	metadbQuerySec: deadline.default(60),
});

/** An absolute path on the nodes (the HTTPS files the new containers mount). */
const onTheNodes = (example: string) =>
	text(/^\/.*[^/]$/, `expected an absolute path on the nodes (starting with /), e.g. ${example}`);

/**
 * `true`: the new containers run --privileged=true as the guide's docker run has it; `keep`: copy the old container's
 * flag.
 */
const privileged = z.literal([true, 'keep'], {
	error: "expected true (the guide: --privileged=true) or keep (copy the old container's flag)",
});

// ---- the plan

/** The plan file at `file` (absolute): paths on this machine resolve against its directory. */
export function planSchema(file: string) {
	const dir = path.dirname(file);
	const onThisMachine = (expected: string) => text(/\S/, expected).transform(given => path.resolve(dir, given));
	const pem = onThisMachine('expected a path to a PEM file on this machine');

	const target = mapping(
		{
			version: parsed(parseVersion, 'expected a version shaped X.Y.Z-CE, e.g. 4.2.9-CE'),
			/** The image the package holds; default oms:feature_X.Y.Z-ce. */
			image: text(imagePattern, 'expected a Docker image reference, e.g. oms:feature_4.2.9-ce').optional(),
			/** A docker-save archive on this machine, loaded onto each node through the Docker API. */
			package: onThisMachine('expected a path to a docker-save archive (.tar or .tar.gz) on this machine').optional(),
		},
		'expected a mapping with version and optionally image and package',
	);

	const plan = mapping({
		/** A label; default the file name. */
		name: text(namePattern, nameExpected).optional(),
		target,
		nodes: z.array(node, {error: nodesExpected}).min(1, {error: nodesExpected}),
		/** Journal, backups, logs, report; default ./oms-upgrade-<name>. */
		workdir: onThisMachine('expected a directory path on this machine, e.g. ./oms-upgrade-hz-prod').optional(),
		metadb: metadb.prefault({}),
		ha: ha.prefault({}),
		init: init.prefault({}),
		verify: verify.prefault({}),
		/** For tcp://…:2376. */
		tls: mapping({ca: pem, cert: pem, key: pem}).optional(),
		/** Files used instead of the operator's ~/.ssh defaults. */
		ssh: mapping({
			/** An ssh_config file (`ssh -F`); default ~/.ssh/config. */
			config: onThisMachine('expected a path to an ssh_config file on this machine').optional(),
			/**
			 * The only known_hosts file consulted (no global one); default ~/.ssh/known_hosts and
			 * /etc/ssh/ssh_known_hosts.
			 */
			knownHosts: onThisMachine('expected a path to a known_hosts file on this machine').optional(),
			/** The only key offered (`-i`, IdentitiesOnly); default the agent and ~/.ssh/id_*. */
			identity: onThisMachine('expected a path to a private key file on this machine').optional(),
		}).optional(),
		https: mapping({cert: onTheNodes('/data/oms/https_crt'), key: onTheNodes('/data/oms/https_key')}).optional(),
		timeouts: timeouts.prefault({}),
		privileged: privileged.default(true),
	});

	// The rules across fields, then the defaults that depend on other fields. A transform runs only on a plan
	// whose every field passed, so these see whole, typed values.
	return plan.transform((given, ctx) => {
		const fromFile = path.basename(file, path.extname(file));
		if (given.name === undefined && !namePattern.test(fromFile)) {
			refuse(
				ctx,
				['name'],
				`missing and the file name ${JSON.stringify(fromFile)} cannot stand in for it`,
				`${nameExpected}; set name: in the file`,
			);
		}
		const hosts = new Map<string, string>();
		const names = new Map<string, string>();
		given.nodes.forEach((each, index) => {
			const field = `nodes[${index}]`;
			const seenHost = hosts.get(each.host.toLowerCase());
			if (seenHost)
				refuse(
					ctx,
					['nodes', index, 'host'],
					`${show(each.host)} is used twice (also ${seenHost})`,
					'expected every node to have its own host',
				);
			hosts.set(each.host.toLowerCase(), `${field}.host`);
			const engine = engineKey(each.endpoint);
			const newContainer = each.newContainer ?? defaultNewContainer(each.container, given.target.version);
			for (const [key, value] of [
				['container', each.container],
				['newContainer', newContainer],
			] as const) {
				const seen = names.get(`${engine} ${value}`);
				if (seen) {
					refuse(
						ctx,
						['nodes', index, key],
						`${show(value)} is used twice on the same Docker engine (also ${seen})`,
						'expected container names that are unique on each Docker engine',
					);
				}
			}
			names.set(`${engine} ${each.container}`, `${field}.container`);
			names.set(
				`${engine} ${newContainer}`,
				each.newContainer === undefined ? `the default ${field}.newContainer` : `${field}.newContainer`,
			);
		});
		// Docker's TLS port means the engine refuses plain connections, so without certificates every call would fail.
		given.nodes.forEach((each, index) => {
			if (!given.tls && each.endpoint.kind === 'tcp' && each.endpoint.port === 2376) {
				refuse(
					ctx,
					['nodes', index, 'docker'],
					`${show(each.docker)} is the TLS port but the plan has no tls block`,
					'expected a tls: {ca, cert, key} block for a TLS endpoint',
				);
			}
		});

		const name = given.name ?? fromFile;
		const {version} = given.target;
		return {
			...given,
			name,
			/** Absolute path of the plan file. */
			file,
			target: {
				version: formatVersion(version),
				image: given.target.image ?? defaultImage(version),
				package: given.target.package,
			},
			nodes: given.nodes.map(each => ({
				...each,
				newContainer: each.newContainer ?? defaultNewContainer(each.container, version),
			})),
			workdir: given.workdir ?? path.resolve(dir, `oms-upgrade-${name}`),
		};
	});
}

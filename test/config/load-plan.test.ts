import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, expectTypeOf, it} from 'vitest';
import {parseDockerEndpoint} from '../../source/config/docker-endpoint.js';
import {loadPlan, parsePlan} from '../../source/config/load-plan.js';
import type {Plan} from '../../source/config/plan-types.js';
import {ConfigError, describeError} from '../../source/domain/errors.js';

const unix = 'unix:///var/run/docker.sock';
const node = (host: string, docker: string, container: string): string =>
	`  - {host: ${host}, docker: "${docker}", container: ${container}}\n`;
const head = 'target: {version: 4.2.9-CE}\nnodes:\n';
const good = head + node('10.0.0.2', unix, 'oms_428');

let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-plan-'));
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

async function writePlan(text: string, name = 'a.yaml'): Promise<string> {
	const file = path.join(dir, name);
	await writeFile(file, text);
	return file;
}

async function loadError(file: string): Promise<ConfigError> {
	const error: unknown = await loadPlan(file).then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(ConfigError);
	return error as ConfigError;
}

// `FILE` stands for the plan's path: temp files sit outside the working directory, so errors show them absolute.
const badPlans: ReadonlyArray<[string, string, string]> = [
	[
		'a misspelled node key',
		head + '  - {host: 10.0.0.2, docker: "unix:///x.sock", containr: oms_428}\n',
		'FILE: nodes[0].containr: unknown key (did you mean "container"?); allowed keys: host, docker, container, newContainer',
	],
	[
		'an unknown top-level key before any other mistake',
		'targt: {version: 4.2.9}\n',
		'FILE: targt: unknown key (did you mean "target"?); allowed keys: name, target, nodes, workdir, metadb, ha, init, verify, tls, ssh, https, timeouts, privileged',
	],
	[
		'a missing target.version',
		'target: {image: oms:x}\nnodes:\n' + node('10.0.0.2', unix, 'oms_428'),
		'FILE: target.version: missing; expected a version shaped X.Y.Z-CE, e.g. 4.2.9-CE',
	],
	[
		'a version without -CE',
		good.replace('4.2.9-CE', '4.2.9'),
		'FILE: target.version: "4.2.9" is not allowed; expected a version shaped X.Y.Z-CE, e.g. 4.2.9-CE',
	],
	[
		'a version with a v prefix',
		good.replace('4.2.9-CE', 'v4.2.9-CE'),
		'FILE: target.version: "v4.2.9-CE" is not allowed; expected a version shaped X.Y.Z-CE, e.g. 4.2.9-CE',
	],
	[
		'a version written as a number',
		good.replace('4.2.9-CE', '4.2'),
		'FILE: target.version: 4.2 is not allowed; expected a version shaped X.Y.Z-CE, e.g. 4.2.9-CE',
	],
	[
		'a number where a mapping is required',
		'target: 5\nnodes: []\n',
		'FILE: target: 5 is not allowed; expected a mapping with version and optionally image and package',
	],
	[
		'a string where a list is required',
		head.replace('nodes:\n', 'nodes: 10.0.0.2\n'),
		'FILE: nodes: "10.0.0.2" is not allowed; expected a non-empty list of nodes, each with host, docker and container',
	],
	[
		'a node without docker',
		head + '  - {host: 10.0.0.2, container: oms_428}\n',
		'FILE: nodes[0].docker: missing; expected unix:///path, tcp://host:port, tcp://host:2376 with tls, or ssh://[user@]host[:port] (host may be an ssh config alias)',
	],
	[
		'an http docker endpoint',
		head + node('10.0.0.2', 'http://x', 'oms_428'),
		'FILE: nodes[0].docker: "http://x" is not allowed; expected unix:///path, tcp://host:port, tcp://host:2376 with tls, or ssh://[user@]host[:port] (host may be an ssh config alias)',
	],
	[
		'a tcp endpoint without a port',
		head + node('10.0.0.2', 'tcp://h', 'oms_428'),
		'FILE: nodes[0].docker: "tcp://h" is not allowed; expected unix:///path, tcp://host:port, tcp://host:2376 with tls, or ssh://[user@]host[:port] (host may be an ssh config alias)',
	],
	[
		'a number where a container name is required',
		head + '  - {host: 10.0.0.2, docker: "unix:///x.sock", container: 428}\n',
		'FILE: nodes[0].container: 428 is not allowed; expected a Docker container name: letters, digits, _ . or -, starting with a letter or digit, e.g. oms_428',
	],
	[
		'duplicate hosts',
		head + node('10.0.0.2', 'tcp://a:2375', 'oms_428') + node('10.0.0.2', 'tcp://b:2375', 'oms_428'),
		'FILE: nodes[1].host: "10.0.0.2" is used twice (also nodes[0].host); expected every node to have its own host',
	],
	[
		'one container name twice on the same endpoint',
		head + node('10.0.0.2', unix, 'oms_428') + node('10.0.0.3', unix, 'oms_428'),
		'FILE: nodes[1].container: "oms_428" is used twice on the same Docker engine (also nodes[0].container); expected container names that are unique on each Docker engine',
	],
	[
		'a newContainer equal to its container',
		head + '  - {host: 10.0.0.2, docker: "unix:///x.sock", container: oms_428, newContainer: oms_428}\n',
		'FILE: nodes[0].newContainer: "oms_428" is the same as container; expected a new container name that differs from the running one',
	],
	[
		'a TLS port without a tls block',
		head + node('10.0.0.2', 'tcp://10.0.0.2:2376', 'oms_428'),
		'FILE: nodes[0].docker: "tcp://10.0.0.2:2376" is the TLS port but the plan has no tls block; expected a tls: {ca, cert, key} block for a TLS endpoint',
	],
	[
		'a package that does not exist',
		good.replace('4.2.9-CE}', '4.2.9-CE, package: ./missing.tar.gz}'),
		'FILE: target.package: "DIR/missing.tar.gz" is not readable (ENOENT); expected a docker-save archive (.tar or .tar.gz) readable on this machine',
	],
	[
		'text that is not YAML',
		'nodes: [',
		'FILE: not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 9:); expected a YAML mapping as described in the README',
	],
	['an empty file', '', 'FILE: the file is empty; expected a YAML mapping with at least target and nodes'],
	[
		'a file with only comments',
		'# nothing yet\n\n',
		'FILE: the file is empty; expected a YAML mapping with at least target and nodes',
	],
	[
		'a list document',
		'- target\n- nodes\n',
		'FILE: the document is a list; expected a YAML mapping with at least target and nodes',
	],
	['a bad ha.mode', good + 'ha: {mode: auto}\n', 'FILE: ha.mode: "auto" is not allowed; expected metadb or manual'],
	[
		'a password in metadb',
		good + 'metadb: {user: oms_meta_user, password: secret}\n',
		'FILE: metadb.password: unknown key; allowed keys: host, port, user, passwordEnv (the password never goes in this file: name an environment variable in passwordEnv)',
	],
	[
		'a metadb port out of range',
		good + 'metadb: {port: 70000}\n',
		'FILE: metadb.port: 70000 is not allowed; expected a whole number from 1 to 65535',
	],
	[
		'a relative https.cert',
		good + 'https: {cert: data/https_crt, key: /data/https_key}\n',
		'FILE: https.cert: "data/https_crt" is not allowed; expected an absolute path on the nodes (starting with /), e.g. /data/oms/https_crt',
	],
	[
		'a tls block without key',
		good + 'tls: {ca: ca.pem, cert: cert.pem}\n',
		'FILE: tls.key: missing; expected a path to a PEM file on this machine',
	],
	[
		'a negative init.minWaitSec',
		good + 'init: {minWaitSec: -1}\n',
		'FILE: init.minWaitSec: -1 is not allowed; expected a whole number of seconds, 0 or more',
	],
	[
		'an init.expectedSec of 0',
		good + 'init: {expectedSec: 0}\n',
		'FILE: init.expectedSec: 0 is not allowed; expected a whole number of seconds, 1 or more',
	],
	[
		'an init.expectedSec in words',
		good + 'init: {expectedSec: 2m}\n',
		'FILE: init.expectedSec: "2m" is not allowed; expected a whole number of seconds, 1 or more',
	],
	[
		'a bad plan name',
		'name: hz prod\n' + good,
		'FILE: name: "hz prod" is not allowed; expected letters, digits, _ . or -, starting with a letter or digit, e.g. hz-prod',
	],
];

describe('loadPlan rejects', () => {
	it.each(badPlans)('%s', async (_title, text, expected) => {
		const file = await writePlan(text);
		const error = await loadError(file);
		expect(error.message).toBe(expected.replace('FILE', file).replace('DIR', dir));
		expect(error.exitCode).toBe(2);
	});

	it.each(badPlans.filter(([title]) => title !== 'text that is not YAML'))(
		'%s, printed as its one message',
		async (_title, text, expected) => {
			const error = await loadError(await writePlan(text));
			expect(describeError(error)).toBe(expected.replace('FILE', path.join(dir, 'a.yaml')).replace('DIR', dir));
		},
	);

	it('a plan file it cannot read', async () => {
		const file = path.join(dir, 'absent.yaml');
		const error = await loadError(file);
		expect(error.message).toBe(
			`${file}: cannot read the plan file (ENOENT); expected a readable plan file (see -c/--config)`,
		);
	});

	it('a package that is a directory', async () => {
		await mkdir(path.join(dir, 'pkg.tar'));
		const error = await loadError(await writePlan(good.replace('4.2.9-CE}', '4.2.9-CE, package: pkg.tar}')));
		expect(error.message).toContain('target.package: "' + path.join(dir, 'pkg.tar') + '" is not a regular file;');
	});
});

describe('parsePlan', () => {
	it('names the file relative to the working directory', () => {
		const file = path.resolve('plans/a.yaml');
		expect(() => parsePlan(good.replace('4.2.9-CE', '4.2.9'), file)).toThrow(
			'plans/a.yaml: target.version: "4.2.9" is not allowed; expected a version shaped X.Y.Z-CE, e.g. 4.2.9-CE',
		);
	});

	it('fills in every default', () => {
		const plan = parsePlan(good, '/plans/hz-prod.yaml');
		expect(plan).toEqual({
			name: 'hz-prod',
			file: '/plans/hz-prod.yaml',
			target: {version: '4.2.9-CE', image: 'oms:feature_4.2.9-ce', package: undefined},
			nodes: [
				{
					host: '10.0.0.2',
					docker: unix,
					endpoint: {kind: 'unix', socketPath: '/var/run/docker.sock'},
					container: 'oms_428',
					newContainer: 'oms_428_429',
				},
			],
			workdir: '/plans/oms-upgrade-hz-prod',
			metadb: {},
			ha: {mode: 'metadb', after: 'perceive', refetchMarginMin: 30},
			init: {minWaitSec: 300, timeoutSec: 1800},
			verify: {timeoutSec: 600},
			tls: undefined,
			https: undefined,
			timeouts: {connectSec: 10, requestSec: 30, streamIdleSec: 120, metadbQuerySec: 60},
			privileged: true,
		});
	});

	it('accepts ssh and tcp endpoints and one container name on different engines', () => {
		const text =
			head +
			node('10.0.0.2', 'ssh://root@10.0.0.2', 'oms_428') +
			node('10.0.0.3', 'ssh://admin@node-3:2222', 'oms_428') +
			node('10.0.0.4', 'tcp://10.0.0.4:2375', 'oms_428') +
			node('10.0.0.5', 'ssh://oms_node_5', 'oms_428');
		const endpoints = parsePlan(text, '/plans/a.yaml').nodes.map(each => each.endpoint);
		expect(endpoints).toEqual([
			{kind: 'ssh', user: 'root', host: '10.0.0.2', port: undefined},
			{kind: 'ssh', user: 'admin', host: 'node-3', port: 2222},
			{kind: 'tcp', host: '10.0.0.4', port: 2375},
			{kind: 'ssh', user: undefined, host: 'oms_node_5', port: undefined},
		]);
	});

	it('reads the ssh section against the plan directory, and refuses one engine spelt twice', () => {
		const ssh = 'ssh: {config: ssh/config, knownHosts: /etc/oms/known_hosts, identity: ../keys/id_ed25519}\n';
		expect(parsePlan(head + node('10.0.0.2', 'ssh://oms-node-0', 'oms_428') + ssh, '/plans/a.yaml').ssh).toEqual({
			config: '/plans/ssh/config',
			knownHosts: '/etc/oms/known_hosts',
			identity: '/keys/id_ed25519',
		});
		expect(
			parsePlan(head + node('10.0.0.2', 'ssh://n', 'oms_428') + 'ssh: {config: c}\n', '/plans/a.yaml').ssh,
		).toEqual({
			config: '/plans/c',
			knownHosts: undefined,
			identity: undefined,
		});
		expect(() =>
			parsePlan(head + node('10.0.0.2', 'ssh://n', 'oms_428') + 'ssh: {agent: yes}\n', '/plans/a.yaml'),
		).toThrow('ssh.agent');
		const twice = head + node('10.0.0.2', 'ssh://root@h', 'oms_428') + node('10.0.0.3', 'ssh://root@H:22', 'oms_428');
		expect(() => parsePlan(twice, '/plans/a.yaml')).toThrow('"oms_428" is used twice on the same Docker engine');
	});

	it('keeps explicit values and resolves workdir and tls against the plan directory', () => {
		const text =
			'name: hz\n' +
			head.replace('}', ', image: reg.local:5000/oms:custom}') +
			'  - {host: 10.0.0.2, docker: "tcp://10.0.0.2:2376", container: oms_428, newContainer: oms_new}\n' +
			'workdir: ../work\nmetadb: {host: 10.0.0.10, port: 2883, user: u, passwordEnv: OMS_META_PASSWORD}\n' +
			'ha: {mode: manual, after: refetch, refetchMarginMin: 1}\ninit: {minWaitSec: 0, timeoutSec: 60, expectedSec: 90}\nverify: {timeoutSec: 5}\n' +
			'tls: {ca: tls/ca.pem, cert: /etc/cert.pem, key: key.pem}\nhttps: {cert: /data/c, key: /data/k}\n' +
			'timeouts: {connectSec: 3, requestSec: 20}\nprivileged: keep\n';
		const plan = parsePlan(text, '/plans/a.yaml');
		expect(plan.target.image).toBe('reg.local:5000/oms:custom');
		expect(plan.nodes[0]?.newContainer).toBe('oms_new');
		expect(plan.workdir).toBe('/work');
		expect(plan.metadb).toEqual({host: '10.0.0.10', port: 2883, user: 'u', passwordEnv: 'OMS_META_PASSWORD'});
		expect(plan.ha).toEqual({mode: 'manual', after: 'refetch', refetchMarginMin: 1});
		expect(plan.timeouts).toEqual({connectSec: 3, requestSec: 20, streamIdleSec: 120, metadbQuerySec: 60});
		expect(plan.privileged).toBe('keep');
		expect(plan.init).toEqual({minWaitSec: 0, timeoutSec: 60, expectedSec: 90});
		expect(plan.verify).toEqual({timeoutSec: 5});
		expect(plan.tls).toEqual({ca: '/plans/tls/ca.pem', cert: '/etc/cert.pem', key: '/plans/key.pem'});
		expect(plan.https).toEqual({cert: '/data/c', key: '/data/k'});
	});
});

describe('parsePlan, several problems at once', () => {
	const parse = (text: string) => () => parsePlan(text, '/plans/a.yaml');

	it('names an unknown key before any other problem, wherever it is', () => {
		const text = 'name: hz prod\n' + good + 'https: {cert: /data/c, key: /data/k, ky: /data/k}\n';
		expect(parse(text)).toThrow('/plans/a.yaml: https.ky: unknown key (did you mean "key"?); allowed keys: cert, key');
	});

	it('checks the rules across fields once every field passes', () => {
		const text =
			head + node('10.0.0.2', unix, 'oms_428') + node('10.0.0.2', 'tcp://b:2375', 'oms_9') + 'ha: {mode: auto}\n';
		expect(parse(text)).toThrow('/plans/a.yaml: ha.mode: "auto" is not allowed; expected metadb or manual');
		expect(parse(text.replace('ha: {mode: auto}\n', ''))).toThrow(
			'nodes[1].host: "10.0.0.2" is used twice (also nodes[0].host)',
		);
	});

	it('takes a key with nothing after it as absent: its default, or missing', () => {
		const plan = parsePlan(
			good.replace('4.2.9-CE}', '4.2.9-CE, image: }') + 'ha:\nprivileged:\nmetadb: {port: }\n',
			'/plans/a.yaml',
		);
		expect(plan.target.image).toBe('oms:feature_4.2.9-ce');
		expect(plan.ha).toEqual({mode: 'metadb', after: 'perceive', refetchMarginMin: 30});
		expect(plan.privileged).toBe(true);
		expect(plan.metadb.port).toBeUndefined();
		expect(parse(head + '  - {host: 10.0.0.2, docker: "unix:///x.sock", container: }\n')).toThrow(
			'nodes[0].container: missing; expected a Docker container name',
		);
	});

	it('gives the Plan type its schema', () => {
		expectTypeOf<Plan['ha']['mode']>().toEqualTypeOf<'metadb' | 'manual'>();
		expectTypeOf<Plan['privileged']>().toEqualTypeOf<true | 'keep'>();
		expectTypeOf<Plan['nodes'][number]['newContainer']>().toEqualTypeOf<string>();
		expectTypeOf<Plan['target']['package']>().toEqualTypeOf<string | undefined>();
	});
});

describe('loadPlan', () => {
	it('resolves a relative package against the plan file, not the working directory', async () => {
		await mkdir(path.join(dir, 'images'));
		await writeFile(path.join(dir, 'images', 'oms.tar.gz'), 'archive');
		await mkdir(path.join(dir, 'plans'));
		const file = path.join(dir, 'plans', 'hz.yaml');
		await writeFile(file, good.replace('4.2.9-CE}', '4.2.9-CE, package: ../images/oms.tar.gz}'));
		const plan = await loadPlan(file);
		expect(plan.target.package).toBe(path.join(dir, 'images', 'oms.tar.gz'));
		expect(plan.name).toBe('hz');
		expect(plan.workdir).toBe(path.join(dir, 'plans', 'oms-upgrade-hz'));
	});

	it('refuses a password variable that is not set, naming it (exit 2)', async () => {
		const file = await writePlan(good + 'metadb: {passwordEnv: OMS_TEST_UNSET_PASSWORD}\n');
		const error = await loadPlan(file, {}).then(
			() => undefined,
			(caught: unknown) => caught as ConfigError,
		);
		expect(error?.message).toMatch(
			/: metadb\.passwordEnv: names OMS_TEST_UNSET_PASSWORD, which is not set in this environment; expected the MetaDB password in OMS_TEST_UNSET_PASSWORD/,
		);
		expect(error?.exitCode).toBe(2);
		expect((await loadPlan(file, {OMS_TEST_UNSET_PASSWORD: 'x'})).metadb.passwordEnv).toBe('OMS_TEST_UNSET_PASSWORD');
	});
});

describe('parseDockerEndpoint', () => {
	it.each([
		['unix:///var/run/docker.sock', {kind: 'unix', socketPath: '/var/run/docker.sock'}],
		['tcp://docker.example.com:2375', {kind: 'tcp', host: 'docker.example.com', port: 2375}],
		['ssh://root@10.0.0.2', {kind: 'ssh', user: 'root', host: '10.0.0.2', port: undefined}],
		['ssh://ops@h:65535', {kind: 'ssh', user: 'ops', host: 'h', port: 65_535}],
		['ssh://oms-node-0', {kind: 'ssh', user: undefined, host: 'oms-node-0', port: undefined}],
		['ssh://oms_node.1:2222', {kind: 'ssh', user: undefined, host: 'oms_node.1', port: 2222}],
	])('reads %s', (text, expected) => {
		expect(parseDockerEndpoint(text)).toEqual(expected);
	});

	it.each([
		'unix://var/run/docker.sock',
		'unix:///',
		'tcp://h',
		'tcp://h:0',
		'tcp://h:65536',
		'tcp://10.0.0.300:2375',
		'ssh://-oProxyCommand=x',
		'ssh://10.0.0.300',
		'ssh://@h',
		'ssh://root@h:x',
		'ssh://root@h:0',
		'ssh://h/path',
		'http://x',
		' tcp://h:1',
	])('refuses %s', text => {
		expect(parseDockerEndpoint(text)).toBeUndefined();
	});
});

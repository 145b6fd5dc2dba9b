import {mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import {execa} from 'execa';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DockerEngine} from '../../source/adapters/docker-engine.js';
import {testDeadlines} from '../helpers/deadlines.js';
import {loadImage} from '../../source/adapters/docker-streams.js';
import {liveDiscoveryPorts} from '../../source/app/discovery.js';
import {discoverNode} from '../../source/config/discover-node.js';
import {parsePlan} from '../../source/config/load-plan.js';
import {nodeChecks} from '../../source/steps/checks/node-checks.js';
import {startEngine, stopEngine, type LabEngine} from '../../source/lab/engines.js';
import {freePort} from '../../source/lab/metadb-server.js';
import {ensureLabPrerequisites} from '../helpers/system-deps.js';
import {makeTlsFiles} from '../helpers/tls.js';

/** The Docker adapter over each endpoint kind the plan file accepts, against real engines. */
let directory: string;
let plain: LabEngine;
let secured: LabEngine;
let plainPort: number;
let tlsPort: number;
let tls: Awaited<ReturnType<typeof makeTlsFiles>>;

beforeAll(async () => {
	await ensureLabPrerequisites();
	directory = await mkdtemp('/tmp/omsu-');
	tls = await makeTlsFiles(directory);
	[plainPort, tlsPort] = [await freePort(), await freePort()];
	[plain, secured] = await Promise.all([
		startEngine(join(directory, 'plain'), [`--host=tcp://127.0.0.1:${plainPort}`]),
		startEngine(join(directory, 'tls'), [
			`--host=tcp://127.0.0.1:${tlsPort}`,
			'--tlsverify',
			`--tlscacert=${tls.ca}`,
			`--tlscert=${tls.server.cert}`,
			`--tlskey=${tls.server.key}`,
		]),
	]);
});

afterAll(async () => {
	await Promise.all([plain, secured].filter(Boolean).map(engine => stopEngine(engine)));
	await rm(directory, {recursive: true, force: true});
});

describe('Docker endpoints', () => {
	it('reaches an engine over unix:// and over plain tcp://', async () => {
		const unix = await DockerEngine.connect(
			'127.0.0.9',
			`unix://${plain.socket}`,
			{kind: 'unix', socketPath: plain.socket},
			undefined,
			testDeadlines,
		);
		const tcp = await DockerEngine.connect(
			'127.0.0.9',
			`tcp://127.0.0.1:${plainPort}`,
			{kind: 'tcp', host: '127.0.0.1', port: plainPort},
			undefined,
			testDeadlines,
		);
		expect((await tcp.version()).version).toBe((await unix.version()).version);
	});

	it("reaches a --tlsverify engine over tcp:// with the plan's tls files, and fails naming the node without them", async () => {
		const plan = parsePlan(
			`target: {version: 4.2.9-CE}\nnodes:\n  - {host: 127.0.0.9, docker: "tcp://127.0.0.1:${tlsPort}", container: oms_428}\ntls: {ca: ${tls.ca}, cert: ${tls.client.cert}, key: ${tls.client.key}}\n`,
			join(directory, 'tls.yaml'),
		);
		const node = plan.nodes[0]!;
		const engine = await DockerEngine.connect(node.host, node.docker, node.endpoint, plan.tls, testDeadlines);
		expect((await engine.version()).version).toMatch(/^\d+\.\d+/);

		const bare = await DockerEngine.connect(node.host, node.docker, node.endpoint, undefined, testDeadlines);
		await expect(bare.version()).rejects.toThrow(
			/^node 127\.0\.0\.9: cannot reach the engine \(GET \/version\) on Docker at tcp:\/\/127\.0\.0\.1:\d+: /,
		);
	});

	it('over ssh://, a node whose sshd does not answer fails the Docker check naming the node and what to do', async () => {
		const closedPort = await freePort();
		await writeFile(join(directory, 'ssh_config'), '', {mode: 0o600});
		await writeFile(join(directory, 'known_hosts'), '', {mode: 0o600});
		const plan = parsePlan(
			`target: {version: 4.2.9-CE}\nnodes:\n  - {host: 10.0.0.2, docker: "ssh://admin@127.0.0.1:${closedPort}", container: oms_428}\nssh: {config: ssh_config, knownHosts: known_hosts}\n`,
			join(directory, 'ssh.yaml'),
		);
		expect(plan.nodes[0]!.endpoint).toEqual({kind: 'ssh', user: 'admin', host: '127.0.0.1', port: closedPort});
		const facts = await discoverNode(plan, plan.nodes[0]!, liveDiscoveryPorts(plan));
		expect(nodeChecks(facts)).toEqual([
			{
				id: 'docker',
				node: '10.0.0.2',
				status: 'fail',
				reason: `node 10.0.0.2: ssh 127.0.0.1: cannot connect: ssh: connect to host 127.0.0.1 port ${closedPort}: Connection refused. Check that the node's sshd runs and that this machine reaches it: \`ssh 127.0.0.1 true\` with the same settings (BatchMode, no prompts).`,
			},
		]);
	});

	it('fails a docker load the engine answers 200 with an {"error": …} line, naming the node', async () => {
		const archive = join(directory, 'not-an-image.tar');
		await writeFile(join(directory, 'README'), 'not a docker-save archive\n');
		await execa('tar', ['-C', directory, '-cf', archive, 'README']);
		const engine = await DockerEngine.connect(
			'127.0.0.9',
			`unix://${plain.socket}`,
			{kind: 'unix', socketPath: plain.socket},
			undefined,
			testDeadlines,
		);
		const sent: number[] = [];
		await expect(loadImage(engine, archive, bytes => sent.push(bytes))).rejects.toThrow(
			/^node 127\.0\.0\.9: cannot load \S+not-an-image\.tar on Docker at unix:\/\/\S+: open \S+\/repositories: no such file or directory\.$/,
		);
		expect(sent.at(-1)).toBe((await stat(archive)).size);
	});
});

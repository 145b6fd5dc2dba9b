import {mkdir, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deadlinesOf, DockerEngine} from '../../source/adapters/docker-engine.js';
import {closeSshTunnels} from '../../source/adapters/ssh-tunnels.js';
import {loadPlan} from '../../source/config/load-plan.js';
import {waitFor} from '../../source/domain/wait.js';
import type {EngineEvent} from '../../source/domain/events.js';
import {startLabDaemon, stopLabDaemon} from '../../source/lab/lab-daemons.js';
import {labSshPaths} from '../../source/lab/lab-ssh.js';
import {processesNaming} from '../helpers/processes-naming.js';
import {dropSshSessions} from '../../source/lab/sshd.js';
import {isLog, runCli, startCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/** The lab's nodes over ssh://, as production reaches them: connections, host keys, a node's sshd going away. */
let lab: Lab;
let planFile: string;

beforeAll(async () => {
	lab = await startLab({nodes: 2, regions: 1});
	planFile = lab.state.planFile;
});

afterAll(async () => {
	await closeSshTunnels();
	await lab?.down();
});

/** Connections node `index`'s sshd accepted so far (its VERBOSE log has one line per connection). */
const accepted = async (index: number) =>
	((await readFile(lab.state.sshds[index]!.log, 'utf8')).match(/Accepted publickey/g) ?? []).length;
const acceptedAll = async () => Promise.all([accepted(0), accepted(1)]);
const knownHostsName = (index: number) =>
	lab.state.sshds[index]!.port === 22
		? lab.state.sshds[index]!.address
		: `[${lab.state.sshds[index]!.address}]:${lab.state.sshds[index]!.port}`;
const haConfig = async () =>
	(
		await lab.sql<{cfg_value: string}>("SELECT cfg_value FROM oms_rm.oms_normal_config WHERE cfg_name = 'ha.config'")
	)[0]!.cfg_value;
const states = async (name: string) =>
	Promise.all([0, 1].map(async index => (await lab.docker(index).getContainer(name).inspect()).State.Status));

/** ssh client processes using the lab's ssh files (its sshds mention them too, but are not `ssh`). */
async function sshClients(): Promise<string[]> {
	const commands = await Promise.all(
		(await processesNaming(labSshPaths(lab.directory).base)).map(pid =>
			readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
		),
	);
	return commands.filter(command => command.split('\0')[0] === 'ssh');
}

/** A copy of the lab's plan whose ssh section names other files (relative to the lab directory). */
async function planWith(name: string, ssh: string): Promise<string> {
	const file = join(lab.directory, `${name}.yaml`);
	await writeFile(file, (await readFile(planFile, 'utf8')).replace(/^ssh:\n(?: {2}.*\n)+/m, `${ssh}\n`));
	return file;
}

/** A known_hosts like the lab's without node 2's entry, plus `extra`. */
async function knownHostsWithout2(name: string, extra = ''): Promise<string> {
	const file = join(lab.directory, name);
	await writeFile(file, await readFile(labSshPaths(lab.directory).knownHosts, 'utf8'));
	await execa('ssh-keygen', ['-q', '-R', knownHostsName(1), '-f', file]);
	if (extra) await writeFile(file, `${await readFile(file, 'utf8')}${extra}\n`);
	return file;
}

describe('one SSH connection per node', () => {
	it('is shared by every engine of the session, comes back once when it drops, and is opened again by the next discovery once lost', async () => {
		const plan = await loadPlan(planFile);
		const node = plan.nodes[0]!;
		// What a killed run left (its process is gone) is cleared when the next session starts.
		const ended = execa('true');
		await ended;
		const abandoned = join(tmpdir(), `oms-upgrade-ssh-${ended.pid!}-left`);
		await mkdir(abandoned);
		const before = await accepted(0);
		const engine = await DockerEngine.connect(
			node.host,
			node.docker,
			node.endpoint,
			plan.tls,
			deadlinesOf(plan.timeouts),
			plan.ssh,
		);
		const again = await DockerEngine.connect(
			node.host,
			node.docker,
			node.endpoint,
			plan.tls,
			deadlinesOf(plan.timeouts),
			plan.ssh,
		);
		expect(again.tunnel).toBe(engine.tunnel);
		await expect(stat(abandoned)).rejects.toThrow('ENOENT');
		expect((await engine.version()).version).toMatch(/^\d+\.\d+/);
		const seen: string[] = [];
		engine.tunnel!.onState(state => seen.push(state));

		expect(await dropSshSessions(lab.state.sshds[0]!)).toBeGreaterThan(0);
		await waitFor(() => seen.includes('connected'), {
			timeoutMs: 15_000,
			intervalMs: 20,
			message: `states seen: ${seen.join(', ')}`,
		});
		expect(seen).toEqual(['reconnecting', 'connected']);
		expect((await again.inspectContainer('oms_428'))?.running).toBe(true);
		expect(await accepted(0)).toBe(before + 2);

		// Lost (the node's sshd is gone, so the one reconnect fails), then opened again by the next discovery.
		await stopLabDaemon(lab.directory, {sshd: 0});
		try {
			await waitFor(() => seen.includes('lost'), {
				timeoutMs: 15_000,
				intervalMs: 20,
				message: `states seen: ${seen.join(', ')}`,
			});
			await expect(engine.version()).rejects.toThrow(
				/^node 127\.0\.0\.2: cannot reach the engine \(GET \/version\) on Docker at ssh:\/\/oms-node-1: the SSH connection to oms-node-1 was lost \(Connection to 127\.0\.0\.2 closed by remote host\) and could not be re-established: /,
			);
		} finally {
			await startLabDaemon(lab.directory, {sshd: 0});
		}
		const reopened = await DockerEngine.connect(
			node.host,
			node.docker,
			node.endpoint,
			plan.tls,
			deadlinesOf(plan.timeouts),
			plan.ssh,
		);
		expect(reopened.tunnel).toBe(engine.tunnel);
		expect(seen).toEqual(['reconnecting', 'connected', 'reconnecting', 'lost', 'connected']);
		expect((await engine.version()).version).toMatch(/^\d+\.\d+/);

		await closeSshTunnels();
		expect(await sshClients()).toEqual([]);
	});
});

describe('host keys and keys', () => {
	it('refuses a node whose host key is not known, showing its fingerprint; nothing touched, known_hosts unchanged', async () => {
		const knownHosts = await knownHostsWithout2('unknown_known_hosts');
		const recorded = await readFile(knownHosts, 'utf8');
		const file = await planWith(
			'unknown-host',
			`ssh: {config: ./ssh/config, knownHosts: ./unknown_known_hosts, identity: ./ssh/id_ed25519}`,
		);
		const {stdout: print} = await execa('ssh-keygen', ['-l', '-f', `${labSshPaths(lab.directory).hostKey(1)}.pub`]);
		const fingerprint = /^\d+ (SHA256:\S+) .*\((\w+)\)$/.exec(print.trim())!;
		const ha = await haConfig();

		const run = await runCli(['run', '-c', file, '--yes']);
		expect(run.exitCode).toBe(3);
		const port = lab.state.sshds[1]!.port === 22 ? '' : ` -p ${lab.state.sshds[1]!.port}`;
		expect(run.stderr).toContain(
			`node 127.0.0.3: ssh oms-node-2: the host key of 127.0.0.3 is not known (not in ${knownHosts}); it presents ${fingerprint[2]} ${fingerprint[1]}. Refused: host keys are never trusted on first use; nothing was done on this node. Check the fingerprint with the node's administrator, then trust it: ssh-keyscan -H${port} 127.0.0.3 >> ${knownHosts} (or connect once with \`ssh -F ${lab.directory}/ssh/config -o UserKnownHostsFile=${knownHosts} oms-node-2\` and answer yes).`,
		);
		expect(await readFile(knownHosts, 'utf8')).toBe(recorded);
		expect(await haConfig()).toBe(ha);
		expect(await states('oms_428')).toEqual(['running', 'running']);
	});

	it('names every unknown host key as such, every time: 20 of 20 `check` runs with an empty known_hosts', async () => {
		await writeFile(join(lab.directory, 'empty_known_hosts'), '');
		const file = await planWith(
			'all-unknown',
			`ssh: {config: ./ssh/config, knownHosts: ./empty_known_hosts, identity: ./ssh/id_ed25519}`,
		);
		const hosts = ['127.0.0.2', '127.0.0.3'];
		for (let run = 1; run <= 20; run++) {
			const check = await runCli(['check', '-c', file]);
			const output = check.stdout + check.stderr;
			expect(check.exitCode, `run ${run}`).not.toBe(0);
			for (const host of hosts)
				expect(output, `run ${run}, node ${host}`).toMatch(
					new RegExp(`the host key of ${host.replaceAll('.', '\\.')} is not known`),
				);
			expect(output, `run ${run}`).not.toMatch(/cannot connect/);
		}
	}, 300_000);

	it('refuses a node whose host key CHANGED; nothing touched, known_hosts unchanged', async () => {
		const other = join(lab.directory, 'impostor_key');
		await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
		const impostor = (await readFile(`${other}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
		const knownHosts = await knownHostsWithout2('changed_known_hosts', `${knownHostsName(1)} ${impostor}`);
		const recorded = await readFile(knownHosts, 'utf8');
		const file = await planWith(
			'changed-host',
			`ssh: {config: ./ssh/config, knownHosts: ./changed_known_hosts, identity: ./ssh/id_ed25519}`,
		);

		const run = await runCli(['run', '-c', file, '--yes']);
		expect(run.exitCode).toBe(3);
		expect(run.stderr).toMatch(
			/node 127\.0\.0\.3: ssh oms-node-2: host key for 127\.0\.0\.3 has CHANGED since it was recorded in \S+changed_known_hosts \(it now presents SHA256:\S+\); refused, nothing was done on this node\./,
		);
		const port = lab.state.sshds[1]!.port;
		// known_hosts names a host on another port [host]:port: the command given must find the entry.
		expect(run.stderr).toContain(
			`ssh-keygen -f ${knownHosts} -R ${port === 22 ? '127.0.0.3' : `'[127.0.0.3]:${port}'`}, and add the new key.`,
		);
		expect(run.stderr).not.toContain('node 127.0.0.2: ssh');
		expect(await readFile(knownHosts, 'utf8')).toBe(recorded);
		expect(await states('oms_428')).toEqual(['running', 'running']);
	});

	it('names the node and why when its key is refused', async () => {
		const stranger = join(lab.directory, 'stranger_key');
		await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
		const config = join(lab.directory, 'bare_ssh_config');
		const {address, port} = lab.state.sshds[0]!;
		await writeFile(
			config,
			`Host oms-node-1\n  HostName ${address}\n  Port ${port}\n  User root\nHost oms-node-2\n  HostName ${lab.state.sshds[1]!.address}\n  Port ${lab.state.sshds[1]!.port}\n`,
			{mode: 0o600},
		);
		const file = await planWith(
			'stranger',
			`ssh: {config: ./bare_ssh_config, knownHosts: ./ssh/known_hosts, identity: ./stranger_key}`,
		);

		const check = await runCli(['check', '-c', file], {env: {SSH_AUTH_SOCK: ''}});
		expect(check.exitCode).toBe(3);
		expect(check.stdout).toContain(
			`✗ FAIL  [127.0.0.2] Docker reachable: node 127.0.0.2: ssh oms-node-1: the node refused every key offered for root@127.0.0.2 (permission denied; it accepts publickey).`,
		);
		expect(check.stdout).toContain(`The keys offered were the plan's ssh.identity ${stranger}.`);
	});
});

describe("a node's sshd killed in the middle of a run", () => {
	it('ends the run with a clear error; once sshd is back, running again resumes and finishes, one connection per node', async () => {
		const before = await acceptedAll();
		const run = startCli(['run', '-c', planFile]);
		await run.waitForPrompt(1);
		run.answer('y\n');
		await run.waitForPrompt(2);
		expect(run.stderr()).toContain('start-new: create and start');
		// stage-image sent the package to both nodes at once (each over its node's one connection, counted below).
		const sent = ['127.0.0.2', '127.0.0.3'].map(node =>
			run.events
				.filter(event => event.type === 'progress' && event.step === 'stage-image' && event.node === node)
				.map(event => event as Extract<EngineEvent, {type: 'progress'}>),
		);
		for (const reports of sent) {
			expect(reports.at(-1)).toMatchObject({done: reports.at(-1)!.total});
			// Coalesced in the engine: the upload reports every 1 MiB chunk, --json gets at most ~10 a second (first
			// and last always).
			const seconds = (Date.parse(reports.at(-1)!.at) - Date.parse(reports[0]!.at)) / 1000;
			expect(reports.length).toBeLessThanOrEqual(2 + Math.floor(seconds * 10));
		}
		const [first, second] = sent.map(reports => [Date.parse(reports[0]!.at), Date.parse(reports.at(-1)!.at)] as const);
		expect(
			first![0] <= second![1] && second![0] <= first![1],
			`node 1 sent ${first!.join('–')}, node 2 ${second!.join('–')}`,
		).toBe(true);
		await stopLabDaemon(lab.directory, {sshd: 0});
		try {
			await run.waitForEvent(
				isLog(
					'node 127.0.0.2: the SSH connection to oms-node-1 is lost (Connection to 127.0.0.2 closed by remote host; ',
				),
			);
			run.answer('y\n');
			expect(await run.exit).toBe(1);
		} finally {
			await startLabDaemon(lab.directory, {sshd: 0});
		}
		expect(run.stderr()).toMatch(
			/oms-upgrade: failed at start-new: node 127\.0\.0\.2: cannot [^\n]+ on Docker at ssh:\/\/oms-node-1: the SSH connection to oms-node-1 was lost \(Connection to 127\.0\.0\.2 closed by remote host\) and could not be re-established: node 127\.0\.0\.2: ssh oms-node-1: cannot connect: ssh: connect to host 127\.0\.0\.2 port \d+: Connection refused\. Check that the node's sshd runs and that `ssh oms-node-1 true` works from this machine, then run the command again: it resumes where it stopped\. The journal is kept; run again to resume\./,
		);
		// The reconnect attempt never reached the stopped sshd: one connection per node for the whole run.
		expect(await acceptedAll()).toEqual([before[0] + 1, before[1] + 1]);

		const resumedFrom = await acceptedAll();
		const resumed = await runCli(['run', '-c', planFile, '--yes']);
		expect(resumed.exitCode, resumed.stderr).toBe(0);
		expect(await acceptedAll()).toEqual([resumedFrom[0] + 1, resumedFrom[1] + 1]);
		expect(await states('oms_428_429')).toEqual(['running', 'running']);
		expect(await states('oms_428')).toEqual(['exited', 'exited']);
	});

	it('a rollback with one node unreachable changes nothing: HA stays as it is, every container as it was', async () => {
		await stopLabDaemon(lab.directory, {sshd: 1});
		try {
			const ha = await haConfig();
			const rollback = await runCli(['rollback', '-c', planFile, '--yes']);
			expect(rollback.exitCode).toBe(3);
			expect(rollback.stderr).toMatch(
				/discovery could not establish node 127\.0\.0\.3 \(node 127\.0\.0\.3: ssh oms-node-2: cannot connect: ssh: connect to host 127\.0\.0\.3 port \d+: Connection refused\. /,
			);
			expect(await haConfig()).toBe(ha);
			expect(await states('oms_428_429')).toEqual(['running', 'running']);
			expect(await states('oms_428')).toEqual(['exited', 'exited']);
		} finally {
			await startLabDaemon(lab.directory, {sshd: 1});
		}
	});
});

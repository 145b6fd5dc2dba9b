import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../../source/domain/wait.js';
import {cliPath, runCli, startCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';
import {openTerminal, type Terminal} from '../helpers/tmux.js';

/** The console in a real terminal: what an operator sees and types, checked against the lab. */
let lab: Lab;
/** Every terminal opened, so a failed test leaves no console running behind it. */
const terminals: Terminal[] = [];

beforeAll(async () => {
	lab = await startLab({nodes: 3, regions: 2});
});

afterAll(async () => {
	await Promise.all(terminals.map(opened => opened.kill()));
	await lab?.down();
});

async function open(name: string, command: string, columns: number, rows: number): Promise<Terminal> {
	const opened = await openTerminal(name, command, columns, rows);
	terminals.push(opened);
	return opened;
}

const containers = async (index: number) =>
	(await lab.docker(index).listContainers({all: true})).map(c => `${c.Names[0]!.slice(1)} ${c.State}`).sort();

async function openConsole(name: string): Promise<Terminal> {
	const terminal = await open(
		name,
		`node ${cliPath} console -c ${lab.state.planFile}; echo "console exited $?"; sleep 120`,
		120,
		40,
	);
	await terminal.waitForScreen(/ONLINE · heartbeat \d+s/);
	return terminal;
}

describe('the console in tmux', () => {
	it('shows the overlays, runs the whole upgrade with a and y, fits 80×24, and rolls back with X + rollback', async () => {
		const term = await openConsole('omsu-console');
		const first = await term.screen();
		expect(first).toContain('oms-upgrade · lab · 4.2.8-CE → 4.2.9-CE · MetaDB 127.0.0.1:');
		expect(first).toContain('▸→○ preflight       pending');
		// Three node cards over the lab's ssh transport, each with its one connection up.
		expect(first.match(/✓ ssh: connected/g)).toHaveLength(3);

		await term.keys('b');
		await term.waitForScreen('Mount binds: old container → new container');
		await term.keys('b');
		await term.waitForScreen('Upgrade steps');
		await term.keys('h');
		expect(await term.waitForScreen('What HA does after the upgrade')).toContain('After the upgrade (HA is disabled)');
		await term.keys('h');
		await term.keys('?');
		await term.waitForScreen('X          roll back (type rollback and press enter)');
		await term.keys('Escape');
		await term.waitForScreen('Upgrade steps');
		// d: the downtime forecast, once discovery has read the lab (its MetaDB's sizes, no earlier attempt here).
		await term.keys('d');
		const forecast = await term.waitForScreen(/Downtime forecast \(first docker stop → HA on\): \S+/);
		expect(forecast).toMatch(/ backup +\S+ +assumed, the default: /);
		await term.keys('d');
		await term.waitForScreen('Upgrade steps');

		// A key right after esc is a key (only the tail of a split escape sequence is dropped).
		await term.keys('a');
		const question = await term.waitForScreen(
			'stop-old: docker stop oms_428@127.0.0.2, oms_428@127.0.0.3, oms_428@127.0.0.4',
		);
		// The question that starts the downtime shows what it will cost: the total, then each step with its basis.
		expect(question).toMatch(/Downtime forecast \(first docker stop → HA on\): \S+/);
		expect(question).toMatch(
			/ init +\S+ +assumed, the default: minWaitSec \d+s, then docker_init\.sh 30–300s in each of 2 regi/,
		);
		await term.keys('y');
		await term.waitForScreen('start-new: create and start oms_428_429@127.0.0.2');
		await term.keys('y');
		await term.waitForScreen('init: run /root/docker_init.sh on 127.0.0.2, 127.0.0.4');
		await term.keys('y');
		// The run ends with its summary; esc shows the panel again.
		const ended = await term.waitForScreen(/Run ended: succeeded · attempt \d{8}T\d{6}/, 180_000);
		expect(ended).toMatch(/✓ succeeded: OMS upgraded to 4\.2\.9-CE \(attempt \d{8}T\d{6}\)\./);
		expect(ended).not.toContain('succeeded: succeeded');
		// Each downtime step's actual beside the forecast made before it.
		expect(ended).toMatch(/Downtime {2}\d+:\d\d {2}\(forecast \S+\)/);
		expect(ended).toMatch(/ stop-old +[\d.:]+s? {2}forecast \S+ +assumed/);
		expect(ended).toMatch(/HA on · elapsed \d+:\d\d · downtime \d+:\d\d \(ended\)/);
		await term.keys('Escape');
		const done = await term.waitForScreen('Upgrade steps');
		expect(done).toContain('✓ enable-ha       done');
		// Colour in tmux (TERM=tmux-256color): done steps green (yellow with the count of their warnings), the word
		// there too.
		expect(await term.screen({escapes: true})).toMatch(/\u001B\[32m[^\n]*✓ stop-old +done/);
		// A step that warned says how often on its row (enable-ha asks the operator to check ha.config in the OMS
		// console).
		expect(done).toMatch(/✓ enable-ha +done +\d+:\d\d \d+ WARN/);
		for (const index of [0, 1, 2]) expect(await containers(index)).toEqual(['oms_428 exited', 'oms_428_429 running']);
		expect(await lab.sql('SELECT version FROM oms_rm.oms_version ORDER BY version')).toEqual([
			{version: '4.2.8-CE'},
			{version: '4.2.9-CE'},
		]);

		await term.resize(80, 24);
		const small = await term.waitForScreen(/^┌─{24}┐┌/m);
		const lines = small.split('\n');
		expect(Math.max(...lines.map(line => [...line].length))).toBeLessThanOrEqual(80);
		expect(lines.filter(line => line.trim() !== '').length).toBeLessThanOrEqual(23);
		expect(small).toContain('✓ enable-ha       done');
		expect(small).toContain('│image ✓ · init peer     │');
		expect(small).toMatch(/│ONLINE · heartbeat \d+s +│/);

		await term.keys('X');
		await term.waitForScreen('Type rollback and press enter to confirm');
		await term.keys('rollback');
		await term.waitForScreen('> rollback▏');
		await term.keys('Enter');
		const scope = (await term.waitForScreen('Roll back attempt')).replaceAll(/[║│\s]+/g, ' ');
		expect(scope).toMatch(/init \(docker_init\.sh\) ran: the MetaDB is restored from this attempt's dumps\./);
		expect(scope).toMatch(
			/from the dumps taken at \d{4}-\d\d-\d\dT[\d:.]+Z; every change made to them after that time is lost/,
		);
		await term.keys('y');
		const rolledBack = (await term.waitForScreen('Rollback ended: rolled back', 180_000)).replaceAll(/[║\s]+/g, ' ');
		expect(rolledBack).toMatch(
			/✓ rolled back attempt \d{8}T\d{6}: init \(docker_init\.sh\) ran: the MetaDB is restored from this attempt's dumps; restored \d+ tables, row counts equal\./,
		);
		expect(rolledBack).toMatch(/the rollback's own downtime \(T3 → T4\) \d+:\d\d/);
		await term.keys('G');
		await term.waitForScreen('The old OMS runs as before the attempt');
		for (const index of [0, 1, 2])
			expect(await containers(index)).toEqual([
				'oms_428 running',
				expect.stringMatching(/^oms_428_429-\d{8}T\d{6} exited$/),
			]);

		await term.keys('Escape');
		// The rollback archived the journal: the checklist is the next attempt's, every step pending, ready for enter.
		await term.waitForScreen(/Upgrade steps[\s\S]*preflight +pending/);
		await term.keys('q');
		const after = await term.waitForScreen('console exited 0');
		expect(after).toContain('oms-upgrade: discovering 3 node(s) of lab');
		expect(after).not.toContain('Upgrade steps');
		await term.kill();
	});

	it('a dropped session (SIGHUP) stops it cleanly; the journal lets `run` resume', async () => {
		const term = await openConsole('omsu-hangup');
		await term.keys('a');
		await term.waitForScreen('stop-old: docker stop');
		await term.keys('y');
		await term.waitForScreen('start-new: create and start');
		await term.kill();
		const workdir = join(lab.directory, 'oms-upgrade-lab');
		await waitFor(
			() =>
				stat(join(workdir, 'lock')).then(
					() => false,
					() => true,
				),
			{timeoutMs: 30_000, message: 'the console kept its lock after SIGHUP'},
		);
		const journal = JSON.parse(await readFile(join(workdir, 'journal.json'), 'utf8')) as {
			steps: Record<string, {status: string}>;
			runs: Array<{outcome: string}>;
		};
		expect(journal.steps['stop-old']!.status).toBe('succeeded');
		expect(journal.steps['start-new']).toBeUndefined();
		expect(journal.runs.at(-1)!.outcome).not.toBe('running');
		// The run log says what happened: the session was lost, not an interruption typed in the console.
		const logs = await readdir(join(workdir, 'logs'), {recursive: true});
		const runLogs = await Promise.all(
			logs.filter(name => name.endsWith('.log')).map(name => readFile(join(workdir, 'logs', name), 'utf8')),
		);
		expect(runLogs.join('\n')).toContain('the terminal session was lost (SIGHUP)');
		expect(runLogs.join('\n')).not.toContain('interrupted from the console');

		const reopened = await open(
			'omsu-reopen',
			`node ${cliPath} console -c ${lab.state.planFile}; echo "console exited $?"; sleep 120`,
			120,
			40,
		);
		const offer = (
			await reopened.waitForScreen('An upgrade of this plan stopped at start-new (not started)')
		).replaceAll(/[║\s]+/g, ' ');
		expect(offer).toMatch(
			/stopped at start-new \(not started\); last run \d{8}T\d{6}-run, interrupted\. Continue from start-new\? y confirm · n or esc cancel \(default: No\)/,
		);
		await reopened.keys('n');
		await reopened.waitForScreen('Upgrade steps');
		await reopened.keys('q');
		await reopened.waitForScreen('console exited 0');
		await reopened.kill();

		const resumed = await runCli(['run', '-c', lab.state.planFile, '--yes']);
		expect(resumed.exitCode).toBe(0);
		expect(resumed.stdout).toMatch(/stop-old +- +SKIPPED: done earlier in this attempt/);
		for (const index of [0, 1, 2]) expect(await containers(index)).toEqual(['oms_428 exited', 'oms_428_429 running']);
	});

	it('honours NO_COLOR: no colour codes on the screen, glyphs and words carry every state', async () => {
		const term = await open(
			'omsu-nocolor',
			`NO_COLOR=1 node ${cliPath} console -c ${lab.state.planFile}; sleep 120`,
			100,
			30,
		);
		await term.waitForScreen(/ONLINE · heartbeat \d+s/);
		const colored = await term.screen({escapes: true});
		expect(colored).not.toMatch(/\u001B\[(3[0-7]|9[0-7]|38;[25];)[0-9;]*m/);
		expect(await term.screen()).toMatch(/✓ enable-ha +done/);
		await term.keys('q');
		await term.kill();
	});
	it('draws at once while a node is still being read, runs nothing until every node is, then fills the nodes in', async () => {
		const frozen = lab.state.engines[0]!.pid;
		process.kill(frozen, 'SIGSTOP');
		try {
			const term = await open(
				'omsu-opening',
				`node ${cliPath} console -c ${lab.state.planFile}; echo "console exited $?"; sleep 120`,
				120,
				40,
			);
			// The plain line `oms-upgrade: discovering …` comes before the first frame: wait for the frame itself.
			const opening = await term.waitForScreen(/oms-upgrade · lab ·[\s\S]*(… ssh: connecting[\s\S]*){3}/);
			expect(opening).toContain('discovering 3 node(s) of lab…');
			// The source version shows at once when a journal names it (after the earlier tests), otherwise `…`.
			expect(opening).toMatch(/oms-upgrade · lab · (…|4\.2\.8-CE) → 4\.2\.9-CE · MetaDB …/);
			expect(opening.match(/… ssh: connecting/g)).toHaveLength(3);
			// The steps as the journal has them (done after the earlier tests' upgrade, pending on a fresh lab).
			expect(opening).toMatch(/preflight +(pending|done)/);
			await term.keys('a');
			// Nothing runs: the key is refused (on a journal of a completed upgrade, the panel says so first).
			await term.waitForScreen(
				/still discovering 3 node\(s\) of lab; nothing runs before every node is|the upgrade is complete; nothing to run/,
			);
			// Keys typed while the nodes are read act on what is shown: two steps down.
			await term.keys('jj');
			process.kill(frozen, 'SIGCONT');
			const live = await term.waitForScreen(/(ONLINE · heartbeat \d+s[\s\S]*){3}/);
			expect(live).toMatch(/▸.\S disable-ha/);
			expect(live).toContain('oms-upgrade · lab · 4.2.8-CE → 4.2.9-CE · MetaDB 127.0.0.1:');
			expect(live).not.toContain('discovering 3 node(s)');
			await term.keys('q');
			await term.waitForScreen('console exited 0');
		} finally {
			process.kill(frozen, 'SIGCONT');
		}
	});

	it('q typed before the panel appears leaves at once and opens no SSH connection after it has gone', async () => {
		// The key waits in the terminal and reaches the panel with its first frame, while the modules that read
		// the cluster still load: the console returned, and a discovery started after it opened connections
		// that nothing closed, so the process never ended.
		const sshOfThisLab = async () =>
			(await execa('pgrep', ['-f', `ssh -F ${lab.directory}`], {reject: false})).stdout.split('\n').filter(Boolean);
		for (let attempt = 1; attempt <= 3; attempt += 1) {
			const term = await open(
				`omsu-typeahead-${attempt}`,
				`node ${cliPath} console -c ${lab.state.planFile}; echo "console exited $?"; sleep 120`,
				120,
				40,
			);
			await term.keys('q');
			await term.waitForScreen('console exited 0', 20_000);
			// Nothing was left to start late: two seconds on, still no ssh of this lab.
			await new Promise(resolve => setTimeout(resolve, 2000));
			expect(await sshOfThisLab()).toEqual([]);
			await term.kill();
		}
	});

	it('follows a rollback run headless in another terminal: read-only, naming who holds the lock, free again when it ends', async () => {
		const term = await openConsole('omsu-follow');
		const elsewhere = startCli(['rollback', '-c', lab.state.planFile, '--yes']);
		const held = await term.waitForScreen(
			/READ-ONLY, following the run of \S+@\S+ pid \d+ `oms-upgrade rollback`/,
			30_000,
		);
		expect(held).toContain('READ-ONLY');
		await term.waitForScreen(/Rollback steps[\s\S]*rb-\S+ +(running|done)/, 30_000);
		await term.keys('a');
		await term.waitForScreen(/read-only: the run of \S+@\S+ pid \d+ `oms-upgrade rollback`[^·]*holds this plan/);
		expect(await elsewhere.exit).toBe(0);
		const free = await term.waitForScreen(/ended; the console can act again/, 60_000);
		expect(free).toMatch(/the run of \S+@\S+ pid \d+ `oms-upgrade rollback`[\s\S]*ended; the console can act again/);
		expect(free).not.toContain('READ-ONLY');
		// The journal was archived by the rollback: the checklist is the next attempt's, every step pending.
		expect(free).toMatch(/Upgrade steps[\s\S]*preflight +pending/);
		for (const index of [0, 1, 2]) expect(await containers(index)).toContain('oms_428 running');
		await term.keys('q');
		await term.kill();
	});
});

import {spawn, type ChildProcess} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {waitFor} from '../../source/domain/wait.js';
import {familyOf, isAlive, stopFamily} from '../../source/lab/processes.js';

let dir: string;
const started: ChildProcess[] = [];

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-procs-'));
});
afterEach(async () => {
	for (const child of started.splice(0)) child.kill('SIGKILL');
	await rm(dir, {recursive: true, force: true});
});

/** A process started the way the lab starts a daemon (its own session), or not. */
function start(script: string, options: {detached: boolean; name?: string; cwd?: string}): ChildProcess {
	const child = spawn('sh', ['-c', script, options.name ?? 'sh'], {
		cwd: options.cwd ?? dir,
		stdio: 'ignore',
		detached: options.detached,
	});
	started.push(child);
	return child;
}

/** The processes of a session, read from /proc. */
async function pidsInSession(session: number): Promise<number[]> {
	const found: number[] = [];
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
		if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]) === session) found.push(Number(entry));
	}
	return found;
}

describe('the family of a daemon the lab started', () => {
	it('holds its descendants and the processes of the sessions they lead, re-parented ones included (as containerd shims are)', async () => {
		// A daemon whose child leads a new session and leaves a grandchild re-parented to init in it.
		const daemon = start('setsid sh -c "(sleep 300 &); exec sleep 301" & exec sleep 302', {detached: true});
		const pid = daemon.pid!;
		await waitFor(async () => (await familyOf(pid)).length >= 2, {timeoutMs: 5000, intervalMs: 50});
		const family = await familyOf(pid);
		const leader = family.find(member => member !== pid);
		const orphans = (await pidsInSession(leader!)).filter(member => member !== leader);
		expect(orphans.length).toBeGreaterThan(0);
		for (const orphan of orphans) expect(family).toContain(orphan);
		expect(family).not.toContain(pid);
		expect(family).not.toContain(process.pid);
		await stopFamily(pid, 2000);
		for (const member of family) expect(isAlive(member), `${member} outlived its daemon`).toBe(false);
	});

	it('never holds a process that only shares the lab directory in its name or working directory', async () => {
		const daemon = start('exec sleep 300', {detached: true, cwd: dir});
		const sibling = `${dir}-prod`;
		await mkdir(sibling);
		try {
			const theirs = [
				start('exec sleep 300', {detached: true, name: `${dir}-notes.txt`, cwd: sibling}),
				start('exec sleep 300', {detached: false, name: `tail -f ${dir}/notes.txt`, cwd: dir}),
			];
			await stopFamily(daemon.pid!, 2000);
			expect(isAlive(daemon.pid!)).toBe(false);
			for (const child of theirs) expect(isAlive(child.pid!)).toBe(true);
		} finally {
			await rm(sibling, {recursive: true, force: true});
		}
	});
});

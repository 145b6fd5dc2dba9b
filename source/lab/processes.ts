import {spawn} from 'node:child_process';
import {open, readdir, readFile, readlink} from 'node:fs/promises';
import {execa} from 'execa';
import {waitFor} from '../domain/wait.js';

/** Starts a long-running daemon in its own session, output to `logFile`; returns its pid. */
export async function startDaemon(command: string, args: readonly string[], logFile: string): Promise<number> {
	const log = await open(logFile, 'a');
	try {
		const child = spawn(command, args, {detached: true, stdio: ['ignore', log.fd, log.fd]});
		const pid = child.pid;
		if (pid === undefined) throw new Error(`cannot start ${command}`);
		child.unref();
		return pid;
	} finally {
		await log.close();
	}
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 20_000): Promise<void> {
	if (!isAlive(pid)) return;
	process.kill(pid, 'SIGTERM');
	const stopped = await waitFor(() => !isAlive(pid), {timeoutMs: graceMs, intervalMs: 100}).then(
		() => true,
		() => false,
	);
	if (!stopped && isAlive(pid)) {
		process.kill(pid, 'SIGKILL');
		await waitFor(() => !isAlive(pid), {timeoutMs: 5000, intervalMs: 50});
	}
}

/** Every process whose command line or working directory mentions `directory` (containerd and its shims), but not this process or its parents. */
export async function processesUnder(directory: string): Promise<number[]> {
	const pids: number[] = [];
	// This process and those that started it (a shell script, sudo, timeout) may name the directory too.
	const spared = await ancestors();
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry) || spared.has(Number(entry))) continue;
		try {
			const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
			const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
			if (cmdline.includes(directory) || cwd.startsWith(directory)) pids.push(Number(entry));
		} catch {
			// the process ended while we looked
		}
	}
	return pids;
}

/** Unmounts everything mounted below `directory`, deepest first (dockerd leaves netns and shm mounts). */
export async function unmountUnder(directory: string): Promise<void> {
	const mountInfo = await readFile('/proc/self/mountinfo', 'utf8');
	const points = mountInfo
		.split('\n')
		.map(line => line.split(' ')[4])
		.filter((point): point is string => point !== undefined && (point === directory || point.startsWith(directory + '/')))
		.map(point => point.replace(/\\040/g, ' '))
		.sort((a, b) => b.length - a.length);
	for (const point of points) {
		await execa('umount', ['-l', point], {reject: false});
	}
}

/** Every process below `pid` (children, theirs, …), read from /proc. */
export async function descendantsOf(pid: number): Promise<number[]> {
	const parents = new Map<number, number[]>();
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// The parent pid is the 2nd field after the command name, which may itself contain spaces.
			const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
		} catch {
			// the process ended while we looked
		}
	}
	const found: number[] = [];
	const queue = [pid];
	for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
		const children = parents.get(next) ?? [];
		found.push(...children);
		queue.push(...children);
	}
	return found;
}

/** This process and its parents up to init, from /proc/<pid>/stat (the ppid is the field after the name). */
async function ancestors(): Promise<Set<number>> {
	const found = new Set<number>();
	for (let pid = process.pid; pid > 1 && !found.has(pid);) {
		found.add(pid);
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
		pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	}
	return found;
}

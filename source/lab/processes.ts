import {spawn} from 'node:child_process';
import {open, readdir, readFile} from 'node:fs/promises';
import {execa} from 'execa';
import {waitFor} from '../domain/wait.js';

/** Starts a long-running daemon in its own session, output to `logFile`, `env` added to ours; returns its pid. */
export async function startDaemon(
	command: string,
	args: readonly string[],
	logFile: string,
	env?: Readonly<Record<string, string>>,
): Promise<number> {
	const log = await open(logFile, 'a');
	try {
		const child = spawn(command, args, {
			detached: true,
			stdio: ['ignore', log.fd, log.fd],
			...(env ? {env: {...process.env, ...env}} : {}),
		});
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

type ProcessRow = {readonly pid: number; readonly ppid: number; readonly session: number};

/** Every process's parent and session, from /proc/<pid>/stat (the fields after the name, which may hold spaces). */
async function processTable(): Promise<ProcessRow[]> {
	const rows: ProcessRow[] = [];
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			rows.push({pid: Number(entry), ppid: Number(fields[1]), session: Number(fields[3])});
		} catch {
			// the process ended while we looked
		}
	}
	return rows;
}

/**
 * What a daemon the lab started brought with it, by process relations only (never a command line): its
 * descendants, every process in a session one of them leads (containerd's shims are re-parented to init
 * but stay in containerd's session), and their descendants. The daemon itself is not in the list.
 */
export async function familyOf(pid: number): Promise<number[]> {
	const table = await processTable();
	const children = new Map<number, number[]>();
	for (const row of table) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row.pid]);
	const below = (roots: readonly number[]) => {
		const found = new Set<number>();
		const queue = [...roots];
		for (let next = queue.shift(); next !== undefined; next = queue.shift())
			for (const child of children.get(next) ?? []) if (!found.has(child)) (found.add(child), queue.push(child));
		return found;
	};
	const descendants = below([pid]);
	const leaders = new Set([
		pid,
		...[...descendants].filter(member => table.find(row => row.pid === member)?.session === member),
	]);
	const members = table.filter(row => leaders.has(row.session)).map(row => row.pid);
	const family = new Set([...descendants, ...members, ...below(members)]);
	family.delete(pid);
	return [...family];
}

/** Stops a daemon the lab started and everything it brought with it (familyOf), the daemon first. */
export async function stopFamily(pid: number, graceMs = 20_000): Promise<void> {
	const family = isAlive(pid) ? await familyOf(pid) : [];
	await stopProcess(pid, graceMs);
	await Promise.all(family.map(member => stopProcess(member, 5000)));
}

/** Unmounts everything mounted below `directory`, deepest first (dockerd leaves netns and shm mounts). */
export async function unmountUnder(directory: string): Promise<void> {
	const mountInfo = await readFile('/proc/self/mountinfo', 'utf8');
	const points = mountInfo
		.split('\n')
		.map(line => line.split(' ')[4])
		.filter(
			(point): point is string => point !== undefined && (point === directory || point.startsWith(directory + '/')),
		)
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

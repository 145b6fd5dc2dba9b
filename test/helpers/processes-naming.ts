import {readdir, readFile, readlink} from 'node:fs/promises';

/**
 * For assertions only: every process whose command line or working directory mentions `directory`, but
 * not this process or its parents. The product never chooses a process this way (an operator's own may
 * share the name); tests use it to prove nothing of a lab was left behind.
 */
export async function processesNaming(directory: string): Promise<number[]> {
	const pids: number[] = [];
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

/** This process and its parents up to init. */
async function ancestors(): Promise<Set<number>> {
	const found = new Set<number>();
	for (let pid = process.pid; pid > 1 && !found.has(pid);) {
		found.add(pid);
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
		pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	}
	return found;
}

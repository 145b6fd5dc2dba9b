import {readdir, readFile, rm, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {isDumpFile} from '../domain/dump-command.js';
import type {Journal} from '../domain/journal-types.js';
import type {AttemptsPort, DumpDirectory} from '../ports/attempts-port.js';
import {journalFile} from './journal-file.js';

/** The attempts' files in a workdir on the local file system. */
export function attemptFiles(workdir: string): AttemptsPort {
	return {
		journals: async () => {
			const names = await entries(workdir);
			const closed = names.filter(name => /^journal\..+\.json$/.test(name)).sort();
			const found: Array<{journal: Journal; open: boolean}> = [];
			for (const name of closed) {
				const journal = await readJson<Journal>(join(workdir, name));
				if (journal) found.push({journal, open: false});
			}
			const open = await readJson<Journal>(journalFile(workdir));
			if (open) found.push({journal: open, open: true});
			return found;
		},
		dumps: async () => {
			const backups = join(workdir, 'backups');
			const directories: DumpDirectory[] = [];
			for (const attempt of (await entries(backups)).sort()) {
				const directory = join(backups, attempt);
				if (!(await stat(directory)).isDirectory()) continue;
				const names = await entries(directory);
				const sizes = await Promise.all(names.map(async name => (await stat(join(directory, name))).size));
				const bytes = sizes.reduce((sum, size) => sum + size, 0);
				directories.push({attempt, directory, dumps: names.filter(isDumpFile).length, bytes});
			}
			return directories;
		},
		report: async attempt => {
			const file = join(workdir, 'reports', `${attempt}.json`);
			const own = await readJson<unknown>(file);
			if (own !== undefined) return {file, content: own};
			// Reports written before per-attempt copies: report.json is the one of the attempt it names.
			const latestFile = join(workdir, 'report.json');
			const latest = await readJson<{attempt?: unknown}>(latestFile);
			return latest?.attempt === attempt ? {file: latestFile, content: latest} : undefined;
		},
		logs: async attempt => {
			const directory = join(workdir, 'logs', attempt);
			return (await entries(directory))
				.filter(name => name.endsWith('.log'))
				.sort()
				.map(name => join(directory, name));
		},
		readLog: file => readFile(file, 'utf8'),
		removeDumps: async attempt => {
			const directory = join(workdir, 'backups', attempt);
			const sizes = await Promise.all(
				(await entries(directory)).map(async name => (await stat(join(directory, name))).size),
			);
			await rm(directory, {recursive: true, force: true});
			return sizes.reduce((sum, size) => sum + size, 0);
		},
	};
}

/** A directory's entries; none when it does not exist. */
async function entries(directory: string): Promise<string[]> {
	try {
		return await readdir(directory);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
}

async function readJson<T>(file: string): Promise<T | undefined> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	return JSON.parse(text) as T;
}

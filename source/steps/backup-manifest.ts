import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {sha256File} from '../adapters/mysql-clients.js';
import {writeJsonAtomic} from '../adapters/json-file.js';
import {describeError} from '../domain/errors.js';

/** One verified dump; `file` is relative to the workdir (`backups/<attempt>/oms_rm.sql`). */
export type BackupEntry = {readonly database: string; readonly file: string; readonly bytes: number; readonly sha256: string};

export type Manifest = {readonly createdAt: string; readonly backups: readonly BackupEntry[]};

export const manifestFile = (directory: string) => join(directory, 'manifest.json');

export async function writeManifest(directory: string, entries: readonly BackupEntry[]): Promise<void> {
	await writeJsonAtomic(manifestFile(directory), {createdAt: new Date().toISOString(), backups: entries});
}

/** The attempt's manifest; undefined when this attempt has taken no backup. */
export async function readManifest(directory: string): Promise<Manifest | undefined> {
	try {
		return JSON.parse(await readFile(manifestFile(directory), 'utf8')) as Manifest;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** What is wrong with each entry: a missing or unreadable file, or a sha256 that differs from the manifest. */
export async function corruptBackups(workdir: string, entries: readonly BackupEntry[]): Promise<string[]> {
	const problems: string[] = [];
	for (const entry of entries) {
		try {
			const actual = await sha256File(join(workdir, entry.file));
			if (actual !== entry.sha256) problems.push(`${entry.file} has sha256 ${actual.slice(0, 16)}…, the manifest says ${entry.sha256.slice(0, 16)}…`);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			problems.push(code === 'ENOENT' ? `${entry.file} is missing` : `${entry.file} cannot be read (${describeError(error)})`);
		}
	}
	return problems;
}

/**
 * This attempt's dumps, each present and matching its sha256, one per database; otherwise why not.
 * Nothing that needs a backup (start-new, rb-restore) may proceed without this.
 */
export async function verifiedDumps(workdir: string, directory: string, databases: readonly string[]): Promise<{entries: readonly BackupEntry[]; takenAt: string} | {problem: string}> {
	const manifest = await readManifest(directory);
	if (!manifest) return {problem: `this attempt has no verified backup (${manifestFile(directory)} does not exist)`};
	const problems = await corruptBackups(workdir, manifest.backups);
	const missing = databases.filter(database => !manifest.backups.some(entry => entry.database === database));
	if (problems.length > 0 || missing.length > 0) return {problem: `the dumps do not match ${manifestFile(directory)}: ${[...problems, ...missing.map(database => `no dump of ${database}`)].join('; ')}`};
	return {entries: manifest.backups, takenAt: manifest.createdAt};
}

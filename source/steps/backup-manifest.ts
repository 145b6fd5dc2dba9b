import {join} from 'node:path';
import {describeError} from '../domain/errors.js';
import type {WorkdirPort} from '../ports/workdir-port.js';

/**
 * One verified dump; `file` is relative to the workdir (`backups/<attempt>/oms_rm.sql`). `charset`,
 * `collation` and `tables` (exact row counts) are the database as dumped; manifests written before they
 * were recorded lack them, and their restores are then not proved.
 */
export type BackupEntry = {
	readonly database: string;
	readonly file: string;
	readonly bytes: number;
	readonly sha256: string;
	readonly charset?: string;
	readonly collation?: string;
	readonly tables?: Readonly<Record<string, number>>;
};

type Manifest = {readonly createdAt: string; readonly backups: readonly BackupEntry[]};

export const manifestFile = (directory: string) => join(directory, 'manifest.json');

export async function writeManifest(
	files: WorkdirPort,
	directory: string,
	entries: readonly BackupEntry[],
): Promise<void> {
	await files.writeJson(manifestFile(directory), {createdAt: new Date().toISOString(), backups: entries});
}

/** The attempt's manifest; undefined when this attempt has taken no backup. */
export async function readManifest(files: WorkdirPort, directory: string): Promise<Manifest | undefined> {
	const text = await files.readText(manifestFile(directory));
	return text === undefined ? undefined : (JSON.parse(text) as Manifest);
}

/** What is wrong with each entry: a missing or unreadable file, or a sha256 that differs from the manifest. */
export async function corruptBackups(
	files: WorkdirPort,
	workdir: string,
	entries: readonly BackupEntry[],
): Promise<string[]> {
	const problems: string[] = [];
	for (const entry of entries) {
		try {
			const actual = await files.sha256(join(workdir, entry.file));
			if (actual !== entry.sha256)
				problems.push(
					`${entry.file} has sha256 ${actual.slice(0, 16)}…, the manifest says ${entry.sha256.slice(0, 16)}…`,
				);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			problems.push(
				code === 'ENOENT' ? `${entry.file} is missing` : `${entry.file} cannot be read (${describeError(error)})`,
			);
		}
	}
	return problems;
}

/**
 * This attempt's dumps, each present and matching its sha256, one per database; otherwise why not.
 * Nothing that needs a backup (start-new, rb-restore) may proceed without this.
 */
export async function verifiedDumps(
	files: WorkdirPort,
	workdir: string,
	directory: string,
	databases: readonly string[],
): Promise<{entries: readonly BackupEntry[]; takenAt: string} | {problem: string}> {
	const manifest = await readManifest(files, directory);
	if (!manifest) return {problem: `this attempt has no verified backup (${manifestFile(directory)} does not exist)`};
	const problems = await corruptBackups(files, workdir, manifest.backups);
	const missing = databases.filter(database => !manifest.backups.some(entry => entry.database === database));
	if (problems.length > 0 || missing.length > 0)
		return {
			problem: `the dumps do not match ${manifestFile(directory)}: ${[...problems, ...missing.map(database => `no dump of ${database}`)].join('; ')}`,
		};
	return {entries: manifest.backups, takenAt: manifest.createdAt};
}

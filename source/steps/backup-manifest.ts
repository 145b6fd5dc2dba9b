import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {sha256File} from '../adapters/mysql-clients.js';
import {writeJsonAtomic} from '../adapters/json-file.js';

export type BackupEntry = {readonly database: string; readonly file: string; readonly bytes: number; readonly sha256: string};

export const manifestFile = (workdir: string) => join(workdir, 'backups', 'manifest.json');

export async function writeManifest(workdir: string, entries: readonly BackupEntry[]): Promise<void> {
	await writeJsonAtomic(manifestFile(workdir), {createdAt: new Date().toISOString(), backups: entries});
}

export async function readManifest(workdir: string): Promise<BackupEntry[] | undefined> {
	try {
		return (JSON.parse(await readFile(manifestFile(workdir), 'utf8')) as {backups: BackupEntry[]}).backups;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** The entries whose file is missing or whose sha256 differs from the manifest. */
export async function corruptBackups(workdir: string, entries: readonly BackupEntry[]): Promise<string[]> {
	const problems: string[] = [];
	for (const entry of entries) {
		const actual = await sha256File(join(workdir, entry.file)).catch(() => undefined);
		if (actual === undefined) problems.push(`${entry.file} is missing`);
		else if (actual !== entry.sha256) problems.push(`${entry.file} has sha256 ${actual.slice(0, 16)}…, the manifest says ${entry.sha256.slice(0, 16)}…`);
	}
	return problems;
}

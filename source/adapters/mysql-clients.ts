import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {open, readdir, rename, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {randomBytes} from 'node:crypto';
import {execa} from 'execa';
import {defaultsFileText, mysqldumpArgs, mysqlRestoreArgs} from '../domain/dump-command.js';
import {ExternalError} from '../domain/errors.js';
import {redact} from '../domain/redact.js';
import {dumpClients, findClient, mysqlClients} from './clients.js';
import type {MetadbTarget} from './metadb.js';

/**
 * Runs `use` with a `[client]` defaults file (mode 0600, created exclusively) holding the password, so
 * no client ever has it on its command line; the file is removed afterwards whatever happens.
 */
export async function withDefaultsFile<T>(directory: string, target: MetadbTarget, use: (file: string) => Promise<T>): Promise<T> {
	await removeLeftovers(directory);
	const file = join(directory, `.metadb-${randomBytes(6).toString('hex')}.cnf`);
	const handle = await open(file, 'wx', 0o600);
	try {
		await handle.writeFile(defaultsFileText(target));
	} finally {
		await handle.close();
	}
	try {
		return await use(file);
	} finally {
		await rm(file, {force: true});
	}
}

/**
 * What a run killed with -9 leaves behind: defaults files (they hold the password) and partial dumps.
 * Only one run holds the workdir lock, so anything matching is stale.
 */
async function removeLeftovers(directory: string): Promise<void> {
	for (const name of await readdir(directory).catch(() => [])) {
		if (/^\.metadb-[0-9a-f]+\.cnf$/.test(name) || /\.sql\.partial-\d+$/.test(name)) await rm(join(directory, name), {force: true});
	}
}

/** Dumps into `<file>.partial-<pid>` and renames only a finished dump, so a crash never leaves a half file under the real name. */
export async function runMysqldump(defaultsFile: string, database: string, resultFile: string): Promise<void> {
	const client = await findClient(dumpClients);
	if (!client) throw new ExternalError('mysqldump is not installed on this machine.', {hint: 'Install the MySQL or MariaDB client package.'});
	const partial = `${resultFile}.partial-${process.pid}`;
	const result = await execa(client.name, mysqldumpArgs(defaultsFile, database, partial), {reject: false, stdin: 'ignore'});
	if (result.exitCode === 0) await rename(partial, resultFile);
	else await rm(partial, {force: true});
	if (result.exitCode !== 0) {
		throw new ExternalError(`mysqldump of ${database} failed (exit ${result.exitCode}): ${redact(result.stderr.trim().split('\n').slice(-3).join(' '))}.`, {
			hint: 'Check that the MetaDB is up and reachable, then run again: the backup step starts over.',
		});
	}
}

export async function runMysqlRestore(defaultsFile: string, database: string, inputFile: string): Promise<void> {
	const client = await findClient(mysqlClients);
	if (!client) throw new ExternalError('the mysql client is not installed on this machine.', {hint: 'Install the MySQL or MariaDB client package.'});
	const result = await execa(client.name, mysqlRestoreArgs(defaultsFile, database), {reject: false, inputFile});
	if (result.exitCode !== 0) {
		throw new ExternalError(
			`restoring ${database} from ${inputFile} failed (exit ${result.exitCode}): ${redact(result.stderr.trim().split('\n').slice(-3).join(' '))}.`,
			{
				hint: 'Fix the cause and run the rollback again: rb-restore drops and re-creates the database each time.',
			},
		);
	}
}

export async function sha256File(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** The last `bytes` bytes of a file as text. */
export async function fileTail(file: string, bytes: number): Promise<string> {
	const handle = await open(file, 'r');
	try {
		const {size} = await handle.stat();
		const length = Math.min(bytes, size);
		const buffer = Buffer.alloc(length);
		await handle.read(buffer, 0, length, size - length);
		return buffer.toString('utf8');
	} finally {
		await handle.close();
	}
}

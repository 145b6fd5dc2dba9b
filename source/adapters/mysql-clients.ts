import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {open, readdir, rename, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {randomBytes} from 'node:crypto';
import {defaultsFileText, mysqldumpArgs, mysqlRestoreArgs, partialDumpFile} from '../domain/dump-command.js';
import {describeError, ExternalError} from '../domain/errors.js';
import {redact} from '../domain/redact.js';
import {dumpClients, findClient, mysqlClients} from './clients.js';
import type {MetadbTarget} from './metadb.js';
import type {ClientLimits, DumpResult} from '../ports/dump-port.js';
import {runStreamed, StreamedFailure} from './child-process.js';
import {sentence} from '../domain/format.js';

/**
 * Runs `use` with a `[client]` defaults file (mode 0600, created exclusively) holding the password, so
 * no client ever has it on its command line; the file is removed afterwards whatever happens.
 */
export async function withDefaultsFile<T>(
	directory: string,
	target: MetadbTarget,
	use: (file: string) => Promise<T>,
): Promise<T> {
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
		if (/^\.metadb-[0-9a-f]+\.cnf$/.test(name) || /\.sql\.partial-\d+$/.test(name))
			await rm(join(directory, name), {force: true});
	}
}

/**
 * The words of a failed client run, naming the database, the deadline and the client's own last words. `again` says
 * what running again does: alone, it is the whole advice after an interruption (nothing was wrong to check).
 */
function clientFailure(
	what: string,
	failure: unknown,
	limits: ClientLimits,
	check: string,
	again: string,
): ExternalError {
	const hint = `${check}, then ${again}`;
	if (!(failure instanceof StreamedFailure))
		return new ExternalError(sentence(`${what} failed: ${redact(describeError(failure))}`), {hint});
	const said = failure.said ? `; its last words: ${redact(failure.said)}` : '; it said nothing';
	if (failure.reason === 'idle')
		return new ExternalError(
			`${what} moved no byte for ${limits.idleMs / 1000} s (timeouts.streamIdleSec) and was stopped${said}.`,
			{
				hint: `The MetaDB stopped answering. ${hint}`,
			},
		);
	if (failure.reason === 'aborted')
		return new ExternalError(`${what} was stopped (interrupted)${said}.`, {
			hint: again.charAt(0).toUpperCase() + again.slice(1),
		});
	if (failure.reason === 'spawn')
		return new ExternalError(`${what}: the client ${redact(failure.message)}.`, {
			hint: 'Check the MySQL or MariaDB client package.',
		});
	return new ExternalError(`${what} failed (${failure.message})${said}.`, {hint});
}

/**
 * Dumps through this process into `<file>.partial-<pid>`, hashing the bytes as they pass, and renames only a
 * finished dump, so a crash never leaves a half file under the real name. Fails when no byte moves for
 * `limits.idleMs`; stops at once when `limits.signal` aborts.
 */
export async function runMysqldump(
	defaultsFile: string,
	database: string,
	resultFile: string,
	limits: ClientLimits,
): Promise<DumpResult> {
	const client = await findClient(dumpClients);
	if (!client)
		throw new ExternalError('mysqldump is not installed on this machine.', {
			hint: 'Install the MySQL or MariaDB client package.',
		});
	const partial = partialDumpFile(resultFile);
	try {
		const result = await runStreamed({
			command: client.name,
			args: mysqldumpArgs(defaultsFile, database),
			outputFile: partial,
			...limits,
		});
		await rename(partial, resultFile);
		return result;
	} catch (error) {
		await rm(partial, {force: true});
		throw clientFailure(
			`mysqldump of ${database}`,
			error,
			limits,
			'Check that the MetaDB is up and reachable',
			'run again: the backup step starts over.',
		);
	}
}

/** mysql `database` < `inputFile`, with the same idle deadline and abort as a dump. */
export async function runMysqlRestore(
	defaultsFile: string,
	database: string,
	inputFile: string,
	limits: ClientLimits,
): Promise<void> {
	const client = await findClient(mysqlClients);
	if (!client)
		throw new ExternalError('the mysql client is not installed on this machine.', {
			hint: 'Install the MySQL or MariaDB client package.',
		});
	try {
		await runStreamed({command: client.name, args: mysqlRestoreArgs(defaultsFile, database), inputFile, ...limits});
	} catch (error) {
		throw clientFailure(
			`restoring ${database} from ${inputFile}`,
			error,
			limits,
			'Fix the cause',
			'run the rollback again: rb-restore drops and re-creates the database each time.',
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

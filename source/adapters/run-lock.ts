import {mkdir, open, readFile, rm} from 'node:fs/promises';
import {hostname, userInfo} from 'node:os';
import {join} from 'node:path';
import type {Metadb, MetadbTarget} from './metadb.js';
import {OmsError} from '../domain/errors.js';
import {withinGrace} from './close-grace.js';
import {sql} from '../domain/sql.js';
import {defaultLeaseTiming, pidAlive, takeLease, type Lease, type LeaseTiming} from './metadb-lease.js';

type LockHolder = {pid: number; host: string; user: string; command: string; since: string};

const lockFile = (workdir: string) => join(workdir, 'lock');

/** The MetaDB advisory lock name: one upgrade at a time per OMS cluster (its rm database). */
const advisoryLockName = (rmDb: string) => `oms-upgrade:${rmDb}`.slice(0, 64);

type RunLock = {release: () => Promise<void>};

type RunLockOptions = {
	/** Where the lock reports what happens to it during the run (a lease taken over, renewed again, lost). */
	readonly log?: (text: string) => void;
	readonly lease?: LeaseTiming;
};

/** OceanBase answers the lock functions with 1235 (not supported); some proxies with 1305 (no such function). */
const lockFunctionsRefused = (error: unknown) =>
	[1235, 1305].includes(Number((error as {cause?: {errno?: number}}).cause?.errno));

/**
 * Only one run at a time: a lock file in the workdir (O_EXCL; a holder that died on this host is taken
 * over) and a MetaDB `GET_LOCK` held on its own connection for the whole run, so a second operator on
 * another jump host with another workdir is refused too. Where the MetaDB refuses the lock functions,
 * the MetaDB half is a lease row instead (metadb-lease.ts).
 */
export async function acquireRunLock(
	workdir: string,
	command: string,
	metadb: MetadbTarget,
	rmDb: string,
	options: RunLockOptions = {},
): Promise<RunLock> {
	await mkdir(workdir, {recursive: true});
	await takeFileLock(workdir, command);
	let connection: Metadb | undefined;
	try {
		// Imported here, not at the top: the console reads who holds the lock (otherRunHolding) before its
		// first frame, and the MySQL client would load with it (test/startup/lazy-loading.test.ts).
		const {Metadb} = await import('./metadb.js');
		connection = await Metadb.connect(metadb);
		const name = advisoryLockName(rmDb);
		const [row] = await connection.query<{got: number | null}>(sql.getLock(), [name]).catch((error: unknown) => {
			if (lockFunctionsRefused(error)) return [];
			throw error;
		});
		if (row === undefined) {
			const lease = await takeLease(connection, () => Metadb.connect(metadb), rmDb, name, command, {
				...defaultLeaseTiming,
				...options.lease,
				log: options.log ?? (() => undefined),
			});
			return leaseLock(workdir, lease);
		}
		if (Number(row?.got) !== 1) {
			const holder = await describeAdvisoryHolder(connection, name);
			throw new OmsError(`another oms-upgrade holds the MetaDB lock ${name} (${holder}); only one run at a time.`, {
				hint: 'Wait for it to finish, or stop it; the lock is released when its connection closes.',
				exitCode: 1,
			});
		}
	} catch (error) {
		await connection?.close();
		await rm(lockFile(workdir), {force: true});
		throw error;
	}
	const held = connection;
	return {
		release: async () => {
			// With the MetaDB gone the release fails, and closing the connection frees the lock anyway.
			// On a MetaDB that stopped answering: past the close grace the connection closes, which ends the wait.
			await withinGrace(held.query(sql.releaseLock(), [advisoryLockName(rmDb)]), () => undefined);
			await held.close();
			await rm(lockFile(workdir), {force: true});
		},
	};
}

function leaseLock(workdir: string, lease: Lease): RunLock {
	return {
		release: async () => {
			await lease.release();
			await rm(lockFile(workdir), {force: true});
		},
	};
}

async function takeFileLock(workdir: string, command: string): Promise<void> {
	const me: LockHolder = {
		pid: process.pid,
		host: hostname(),
		user: userInfo().username,
		command,
		since: new Date().toISOString(),
	};
	for (let attempt = 0; attempt < 2; attempt += 1) {
		try {
			const handle = await open(lockFile(workdir), 'wx', 0o600);
			await handle.writeFile(JSON.stringify(me) + '\n');
			await handle.close();
			return;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = await readHolder(workdir);
			if (holder && holder.host === me.host && !pidAlive(holder.pid)) {
				await rm(lockFile(workdir), {force: true});
				continue;
			}
			throw new OmsError(
				`another oms-upgrade run holds ${lockFile(workdir)}: ${holder ? `pid ${holder.pid} on ${holder.host}, user ${holder.user}, \`${holder.command}\` since ${holder.since}` : 'unreadable lock file'}.`,
				{
					hint: 'Wait for it to finish (`oms-upgrade status` shows where it is), or stop it; a lock left by a process that died on this host is taken over.',
					exitCode: 1,
				},
			);
		}
	}
}

/**
 * Whether a run of this workdir still lives: 'alive' or 'gone' for a holder on this host, 'elsewhere'
 * for one on another host (its process cannot be seen from here), 'none' when no lock file is there.
 */
export async function runLockState(workdir: string): Promise<'alive' | 'gone' | 'elsewhere' | 'none'> {
	const holder = await readHolder(workdir);
	if (!holder) return 'none';
	if (holder.host !== hostname()) return 'elsewhere';
	return pidAlive(holder.pid) ? 'alive' : 'gone';
}

/**
 * The run that holds this workdir's lock, when it is another process than this one and alive (or on
 * another host, where its process cannot be seen), in words: `user@host pid N \`command\` since T`.
 */
export async function otherRunHolding(workdir: string): Promise<string | undefined> {
	const holder = await readHolder(workdir);
	if (!holder || (holder.host === hostname() && (holder.pid === process.pid || !pidAlive(holder.pid))))
		return undefined;
	return `${holder.user}@${holder.host} pid ${holder.pid} \`${holder.command}\` since ${holder.since}`;
}

async function readHolder(workdir: string): Promise<LockHolder | undefined> {
	try {
		return JSON.parse(await readFile(lockFile(workdir), 'utf8')) as LockHolder;
	} catch {
		return undefined;
	}
}

async function describeAdvisoryHolder(connection: Metadb, name: string): Promise<string> {
	try {
		const [row] = await connection.query<{id: number | null}>('SELECT IS_USED_LOCK(?) AS id', [name]);
		if (row?.id === null || row?.id === undefined) return 'holder unknown';
		const [process] = await connection.query<{user: string; host: string}>(
			'SELECT user, host FROM information_schema.processlist WHERE id = ?',
			[Number(row.id)],
		);
		return process ? `connection ${row.id} from ${process.host} as ${process.user}` : `connection ${row.id}`;
	} catch {
		return 'holder unknown';
	}
}

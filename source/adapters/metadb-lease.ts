import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {hostname, userInfo} from 'node:os';
import type {MetadbSession as Metadb} from '../ports/metadb-port.js';
import {describeError, OmsError} from '../domain/errors.js';
import {withinGrace} from './close-grace.js';
import {leaseTable, quoteId, sql} from '../domain/sql.js';

export type LeaseTiming = {
	/** How long a lease lasts without renewal: a crashed holder's successor waits at most this long. */
	readonly leaseSec: number;
	readonly renewSec: number;
};

export const defaultLeaseTiming: LeaseTiming = {leaseSec: 90, renewSec: 15};

type LeaseRow = {
	token: string;
	holder_user: string;
	holder_host: string;
	holder_machine: string;
	pid: number;
	command: string;
	since: string;
	expires_at: string;
	expired: number | string;
};

/**
 * This machine and this boot: `/etc/machine-id` and the kernel's boot id, `machine/boot`. A host name is not
 * an identity (cloned jump hosts share one); a boot id is (random at every boot), and it tells a pid of
 * this boot from the same number before a reboot. The machine id may be missing (some images ship it
 * empty); without a boot id nothing is written and no holder is ever judged dead, only expired.
 */
export function thisMachine(): string {
	const read = (file: string) => {
		try {
			return readFileSync(file, 'utf8').trim();
		} catch {
			return '';
		}
	};
	const boot = read('/proc/sys/kernel/random/boot_id');
	return boot ? `${read('/etc/machine-id') || read('/var/lib/dbus/machine-id')}/${boot}` : '';
}

/** Why a holder that has not expired is certainly gone, or undefined when it may live (or lives elsewhere). */
export function deadHolder(
	row: {holder_machine: string; pid: number},
	here: string,
	alive: (pid: number) => boolean = pidAlive,
): string | undefined {
	if (!here || !row.holder_machine) return undefined;
	const [machine, boot] = here.split('/');
	const [rowMachine, rowBoot] = row.holder_machine.split('/');
	if (rowBoot === boot) return alive(row.pid) ? undefined : `its process (pid ${row.pid}) is gone from this host`;
	if (machine && rowMachine === machine) return 'this host has rebooted since it took the lease';
	return undefined;
}

/** A process with this pid lives on this host (one of another user included). */
export function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: a process of another user has that pid; it lives.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export type Lease = {readonly release: () => Promise<void>};

/**
 * The MetaDB half of the run lock where the MetaDB refuses GET_LOCK (OceanBase): a row in `rm.oms_upgrade_lock`
 * taken with an INSERT (the lock name is the primary key), naming who holds it, with an expiry the run
 * renews while it lives. A lease that expired is taken over. When the row disappears under a live run
 * (rb-restore drops and re-creates the rm database), the next renewal writes it again.
 */
export async function takeLease(
	connection: Metadb,
	reconnect: () => Promise<Metadb>,
	rmDb: string,
	name: string,
	command: string,
	options: LeaseTiming & {readonly log: (text: string) => void},
): Promise<Lease> {
	// The token tells this run's row from a row left by an earlier run of the same operator on the same host.
	const token = randomBytes(16).toString('hex');
	const here = thisMachine();
	const holder = [token, userInfo().username, hostname(), here, process.pid, command] as const;
	const where = `${quoteId(rmDb)}.${leaseTable}`;
	await createTable(connection);
	const outcome = await insert(connection);
	if (outcome !== 'taken') {
		throw new OmsError(
			`another oms-upgrade holds the MetaDB lease ${name} in ${where}: ${holderText(outcome)}; only one run at a time.`,
			{
				hint: `Wait for it to finish, or stop it. If that run died, its lease ends at ${outcome.expires_at} UTC and the next run takes it over.`,
				exitCode: 1,
			},
		);
	}
	let current: Metadb | undefined = connection;
	let renewing: Promise<void> = Promise.resolve();
	const renew = async () => {
		try {
			current ??= await reconnect();
			const renewed = await current
				.execute(sql.renewLease(rmDb), [options.leaseSec, name, token])
				.catch((error: unknown) => {
					if (errno(error) === noSuchTable) return 0;
					throw error;
				});
			if (renewed === 1) return;
			await createTable(current);
			const again = await insert(current);
			options.log(
				again === 'taken'
					? `the MetaDB lease row ${name} had gone from ${where} (a restore re-creates ${rmDb}); written again`
					: `lost the MetaDB lease ${name} to ${holderText(again)}`,
			);
		} catch (error) {
			await current?.close();
			current = undefined;
			options.log(
				`cannot renew the MetaDB lease ${name}: ${describeError(error)} (trying again in ${options.renewSec}s)`,
			);
		}
	};
	const timer = setInterval(() => {
		renewing = renewing.then(renew);
	}, options.renewSec * 1000);
	timer.unref();
	return {
		release: async () => {
			clearInterval(timer);
			// A renewal in flight on a MetaDB that stopped answering would hold the exit for its query deadline.
			await withinGrace(renewing, () => undefined);
			// With the MetaDB gone the row stays until its lease ends, and the next run takes it over then (at
			// once on this host: its holder is dead).
			const session = current;
			if (session) await withinGrace(session.execute(sql.releaseLease(rmDb), [name, token]), () => undefined);
			// Closing ends a DELETE still waiting (the socket goes after the close grace).
			await session?.close();
		},
	};

	/** The table, with the holder's machine column a table made by an earlier version lacks. */
	async function createTable(session: Metadb): Promise<void> {
		await session.execute(sql.createLeaseTable(rmDb));
		const [has] = await session.query<{n: number | string}>(sql.leaseHasMachine(), [rmDb]);
		if (Number(has?.n) === 0) await session.execute(sql.addLeaseMachine(rmDb));
	}

	/**
	 * Takes the row, after removing an expired one or one whose holder is certainly dead; otherwise returns who holds
	 * it.
	 */
	async function insert(session: Metadb): Promise<'taken' | LeaseRow> {
		const [found] = await session.query<LeaseRow>(sql.readLease(rmDb), [name]);
		const dead = found && Number(found.expired) !== 1 ? deadHolder(found, here) : undefined;
		if (found && Number(found.expired) === 1 && (await session.execute(sql.dropExpiredLease(rmDb), [name])) === 1) {
			options.log(
				`took over the MetaDB lease ${name}, left by ${holderText(found)}: it expired at ${found.expires_at} UTC`,
			);
		} else if (found && dead && (await session.execute(sql.releaseLease(rmDb), [name, found.token])) === 1) {
			options.log(`took over the MetaDB lease ${name} at once, left by ${holderText(found)}: ${dead}`);
		}
		try {
			await session.execute(sql.takeLease(rmDb), [name, ...holder, options.leaseSec]);
			return 'taken';
		} catch (error) {
			if (errno(error) !== duplicateKey) throw error;
			const [other] = await session.query<LeaseRow>(sql.readLease(rmDb), [name]);
			if (!other) throw error;
			return other;
		}
	}
}

const duplicateKey = 1062;
const noSuchTable = 1146;
const errno = (error: unknown) => (error as {cause?: {errno?: number}}).cause?.errno;

function holderText(row: LeaseRow): string {
	return `${row.holder_user}@${row.holder_host} pid ${row.pid} (\`${row.command}\`) since ${row.since} UTC, lease until ${row.expires_at} UTC`;
}

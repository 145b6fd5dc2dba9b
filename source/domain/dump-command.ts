import {join} from 'node:path';
import {leaseTable} from './sql.js';

/** An attempt's backups directory inside the workdir: every attempt has its own dumps. */
export function backupsDir(workdir: string, attempt: string): string {
	return join(workdir, 'backups', attempt);
}

/** Where a database's dump goes inside an attempt's backups directory. */
export function dumpFile(directory: string, database: string): string {
	return join(directory, `${database}.sql`);
}

/** Whether a file name in a dump directory is a finished dump (not the manifest, not a partial one). */
export const isDumpFile = (name: string) => name.endsWith('.sql');

/**
 * mysqldump arguments. The password is in the 0600 defaults file, which must be the first option;
 * `--loose-column-statistics=0` keeps 8.x clients working against 5.7 and OceanBase and is ignored elsewhere.
 * `--loose-set-gtid-purged=OFF`: MySQL's mysqldump against a server with GTIDs would otherwise write
 * `SET @@GLOBAL.GTID_PURGED` into the dump, and the restore would fail after its DROP (GTID_PURGED can only
 * be set while gtid_executed is empty) or hide the restored rows from a replica; with OFF the restore is
 * plain SQL that the server logs with new GTIDs. MariaDB's client (whose GTIDs need no such line) ignores it.
 * The run lock's lease table is left out: a restore must never bring back a lease. The dump goes to stdout,
 * which this tool streams into the partial file (hashing it on the way and watching that bytes move).
 */
export function mysqldumpArgs(defaultsFile: string, database: string): string[] {
	return [
		`--defaults-extra-file=${defaultsFile}`,
		'--triggers=false',
		'--single-transaction',
		'--loose-column-statistics=0',
		'--loose-set-gtid-purged=OFF',
		'--hex-blob',
		'--no-tablespaces',
		`--ignore-table=${database}.${leaseTable}`,
		database,
	];
}

/** Where a dump is written while it runs; renamed to `file` only once complete. */
export function partialDumpFile(file: string, pid: number | string = process.pid): string {
	return `${file}.partial-${pid}`;
}

/** mysql client arguments for a restore: the dump is fed on stdin into the re-created database. */
export function mysqlRestoreArgs(defaultsFile: string, database: string): string[] {
	return [`--defaults-extra-file=${defaultsFile}`, `--database=${database}`, '--batch'];
}

/**
 * The `[client]` defaults file text; written with mode 0600 and removed after use. MySQL and MariaDB read
 * an option value in double quotes whole (a `#` or `;` inside does not start a comment, leading and trailing
 * spaces stay) and turn `\\`, `\"`, `\n`, `\r`, `\t` back into the characters.
 */
export function defaultsFileText(target: {host: string; port: number; user: string; password: string}): string {
	const escapes: Record<string, string> = {'\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t'};
	const quote = (value: string) => `"${value.replace(/[\\"\n\r\t]/g, char => escapes[char] ?? char)}"`;
	return `[client]\nhost=${quote(target.host)}\nport=${target.port}\nuser=${quote(target.user)}\npassword=${quote(target.password)}\n`;
}

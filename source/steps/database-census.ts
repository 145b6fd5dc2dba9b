import {leaseTable, sql} from '../domain/sql.js';
import type {MetadbPort} from '../ports/metadb-port.js';

/** A database as the backup found it: its defaults and every table's exact row count (the lease table aside). */
type Census = {readonly charset: string; readonly collation: string; readonly tables: Readonly<Record<string, number>>};

/**
 * Reads a database's charset, collation and exact row counts (COUNT(*), not the estimates of
 * information_schema). Taken while no OMS runs, so the counts are the dump's.
 */
export async function takeCensus(metadb: MetadbPort, database: string): Promise<Census> {
	const [defaults] = await metadb.query<{charset: string; collation: string}>(sql.schemaDefaults(), [database]);
	const tables: Record<string, number> = {};
	for (const {name} of await metadb.query<{name: string}>(sql.baseTables(), [database])) {
		if (name === leaseTable) continue;
		const [row] = await metadb.query<{n: number | string}>(sql.countRows(database, name));
		tables[name] = Number(row?.n ?? 0);
	}
	return {charset: defaults?.charset ?? '', collation: defaults?.collation ?? '', tables};
}

/** What differs between the census at backup time and after a restore, table by table, in words. */
export function censusDifferences(database: string, before: Census['tables'], after: Census['tables']): string[] {
	const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
	return names.flatMap(name => {
		const was = before[name];
		const now = after[name];
		if (was === now) return [];
		if (was === undefined) return [`${database}.${name} exists after the restore but was not dumped`];
		if (now === undefined) return [`${database}.${name} is missing after the restore (${was} rows were dumped)`];
		return [`${database}.${name} has ${now} rows, the dump had ${was}`];
	});
}

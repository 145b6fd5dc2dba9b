import type {MetadbSession as Metadb} from '../ports/metadb-port.js';
import {sql} from '../domain/sql.js';

/** What the MetaDB says before the upgrade. */
export type MetadbFacts = {
	readonly databases: readonly string[];
	/** Rows of rm.oms_version; undefined when the table does not exist. */
	readonly versions: readonly string[] | undefined;
	/** The raw `ha.config` value; undefined when the row does not exist. */
	readonly haConfig: string | undefined;
	readonly hosts: ReadonlyArray<{readonly ip: string; readonly status: string}>;
	/** The regions rm.cluster_info lists; undefined when the table does not exist. */
	readonly clusterRegions: readonly string[] | undefined;
	/** Heartbeat age in seconds per host IP, across every heartbeat database. */
	readonly heartbeatAgeSec: Readonly<Record<string, number>>;
};

export async function readMetadbFacts(
	metadb: Metadb,
	rm: string,
	cm: string,
	heartbeatDbs: readonly string[],
): Promise<MetadbFacts> {
	const databases = (await metadb.query<{name: string}>(sql.databases())).map(row => row.name);
	const has = (db: string) => databases.includes(db);
	const versions = has(rm) ? await optionalTable(() => metadb.query<{version: string}>(sql.versions(rm))) : undefined;
	const ha = has(rm) ? await optionalTable(() => metadb.query<{cfg_value: string}>(sql.readHa(rm))) : undefined;
	const clusterRegions = has(rm)
		? await optionalTable(() => metadb.query<{region: string}>(sql.clusterRegions(rm)))
		: undefined;
	const hosts = has(cm)
		? ((await optionalTable(() => metadb.query<{ip: string; host_status: string}>(sql.hosts(cm)))) ?? [])
		: [];
	const heartbeatAgeSec: Record<string, number> = {};
	for (const db of heartbeatDbs.filter(has)) {
		const rows =
			(await optionalTable(() => metadb.query<{host_ip: string; age_sec: number}>(sql.heartbeats(db)))) ?? [];
		for (const row of rows) heartbeatAgeSec[row.host_ip] = Number(row.age_sec);
	}
	return {
		databases,
		versions: versions?.map(row => row.version),
		haConfig: ha?.[0]?.cfg_value,
		hosts: hosts.map(row => ({ip: row.ip, status: row.host_status})),
		clusterRegions: clusterRegions?.map(row => String(row.region)),
		heartbeatAgeSec,
	};
}

/** A missing table (error 1146) reads as undefined; anything else is a real failure. */
async function optionalTable<T>(read: () => Promise<T>): Promise<T | undefined> {
	try {
		return await read();
	} catch (error) {
		if ((error as {cause?: {errno?: number}}).cause?.errno === 1146) return undefined;
		throw error;
	}
}

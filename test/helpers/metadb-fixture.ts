import {mkdtemp, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {rootQuery, startMetadb, type LabMetadb, type MetadbOptions} from '../../source/lab/metadb-server.js';
import {stopProcess} from '../../source/lab/processes.js';
import {ensureLabPrerequisites} from './system-deps.js';

export const fixtureDatabases = ['oms_rm', 'oms_cm', 'oms_cm_hb_1'];

export type MetadbFixture = {
	readonly metadb: LabMetadb;
	/** SQL as the MetaDB root. */
	readonly sql: <T = Record<string, unknown>>(statement: string) => Promise<T[]>;
	readonly down: () => Promise<void>;
};

/** Just the lab's MetaDB (mariadbd, and the OBProxy stand-in for ob) with empty rm/cm/cm_hb databases: no Docker. */
export async function startMetadbFixture(options: Partial<MetadbOptions> = {}): Promise<MetadbFixture> {
	await ensureLabPrerequisites();
	const directory = await mkdtemp('/tmp/omsm-');
	const metadb = await startMetadb(join(directory, 'metadb'), {
		flavour: 'mariadb',
		grants: 'pattern',
		password: 'fixture-pw',
		databases: fixtureDatabases,
		...options,
	});
	const sql = async <T>(statement: string) => (await rootQuery(metadb.socket, statement)) as T[];
	await sql(fixtureDatabases.map(database => `CREATE DATABASE \`${database}\``).join(';'));
	return {
		metadb,
		sql,
		down: async () => {
			if (metadb.proxyPid) await stopProcess(metadb.proxyPid);
			await stopProcess(metadb.pid);
			await rm(directory, {recursive: true, force: true});
		},
	};
}

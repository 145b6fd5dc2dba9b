/**
 * Every statement the tool sends to the MetaDB, in one place so `plan` shows exactly what `run`
 * executes. Database names are identifiers from config.yaml, quoted with `quoteId`; values are `?`.
 */
export function quoteId(name: string): string {
	return '`' + name.replaceAll('`', '``') + '`';
}

export const sql = {
	versions: (rm: string) => `SELECT version FROM ${quoteId(rm)}.oms_version`,
	readHa: (rm: string) => `SELECT cfg_value FROM ${quoteId(rm)}.oms_normal_config WHERE cfg_name = 'ha.config'`,
	writeHa: (rm: string) => `UPDATE ${quoteId(rm)}.oms_normal_config SET cfg_value = ? WHERE cfg_name = 'ha.config'`,
	databases: () => 'SELECT schema_name AS name FROM information_schema.schemata',
	databaseBytes: () =>
		'SELECT table_schema AS name, COALESCE(SUM(data_length + index_length), 0) AS bytes FROM information_schema.tables GROUP BY table_schema',
	grants: () => 'SHOW GRANTS FOR CURRENT_USER()',
	clusterRegions: (rm: string) => `SELECT region FROM ${quoteId(rm)}.cluster_info`,
	hosts: (cm: string) => `SELECT ip, host_status FROM ${quoteId(cm)}.host`,
	heartbeats: (hb: string) =>
		`SELECT host_ip, TIMESTAMPDIFF(SECOND, gmt_modified, NOW()) AS age_sec FROM ${quoteId(hb)}.heart_beat WHERE task_name = 'supervisor'`,
	/**
	 * Every registered host with its status, its freshest supervisor heartbeat across the regions'
	 * databases (MetaDB clock, `YYYY-MM-DD hh:mm:ss`) and that heartbeat's age in seconds.
	 */
	hostHealth: (cm: string, heartbeatDbs: readonly string[]) =>
		`SELECT h.ip, h.host_status, DATE_FORMAT(MAX(b.gmt_modified), '%Y-%m-%d %H:%i:%s') AS last_beat, TIMESTAMPDIFF(SECOND, MAX(b.gmt_modified), NOW()) AS age_sec FROM ${quoteId(cm)}.host h LEFT JOIN (${heartbeatDbs
			.map(db => `SELECT host_ip, gmt_modified FROM ${quoteId(db)}.heart_beat WHERE task_name = 'supervisor'`)
			.join(' UNION ALL ')}) b ON b.host_ip = h.ip GROUP BY h.ip, h.host_status`,
	maxSequence: (hb: string) => `SELECT MAX(id) AS max_id FROM ${quoteId(hb)}.heatbeat_sequence`,
	cleanSequence: (hb: string) => `DELETE FROM ${quoteId(hb)}.heatbeat_sequence WHERE id < ?`,
	createVersionTable: (rm: string) =>
		`CREATE TABLE IF NOT EXISTS ${quoteId(rm)}.oms_version (version varchar(64) NOT NULL COMMENT 'Version', gmt_modified timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (version))`,
	recordVersion: (rm: string) => `REPLACE INTO ${quoteId(rm)}.oms_version (version) VALUES (?)`,
	dropDatabase: (db: string) => `DROP DATABASE IF EXISTS ${quoteId(db)}`,
	createDatabase: (db: string) => `CREATE DATABASE ${quoteId(db)}`,
	getLock: () => 'SELECT GET_LOCK(?, 0) AS got',
	releaseLock: () => 'SELECT RELEASE_LOCK(?) AS released',
} as const;

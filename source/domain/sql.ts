/**
 * Every statement the tool sends to the MetaDB, in one place so `plan` shows exactly what `run`
 * executes. Database names are identifiers from config.yaml, quoted with `quoteId`; values are `?`.
 */
export function quoteId(name: string): string {
	return '`' + name.replaceAll('`', '``') + '`';
}

/** The lease table the run lock falls back to; mysqldump skips it, so no restore brings a lease back. */
export const leaseTable = 'oms_upgrade_lock';

export const sql = {
	versions: (rm: string) => `SELECT version FROM ${quoteId(rm)}.oms_version`,
	readHa: (rm: string) => `SELECT cfg_value FROM ${quoteId(rm)}.oms_normal_config WHERE cfg_name = 'ha.config'`,
	writeHa: (rm: string) => `UPDATE ${quoteId(rm)}.oms_normal_config SET cfg_value = ? WHERE cfg_name = 'ha.config'`,
	databases: () => 'SELECT schema_name AS name FROM information_schema.schemata',
	/** The statistics' row counts of every heartbeat sequence table (an estimate, for the downtime forecast). */
	heartbeatRows: () =>
		"SELECT table_schema AS name, COALESCE(table_rows, 0) AS row_count FROM information_schema.tables WHERE table_name = 'heatbeat_sequence'",
	databaseBytes: () =>
		'SELECT table_schema AS name, COALESCE(SUM(data_length + index_length), 0) AS bytes FROM information_schema.tables GROUP BY table_schema',
	/** The session's grants; MariaDB adds those of the role active at login (the default role). */
	grants: () => 'SHOW GRANTS',
	/**
	 * MySQL 8 and OceanBase: the user's grants with these roles' merged in; one `?` (role) or `?@?` (role@host) each.
	 */
	grantsUsing: (roles: ReadonlyArray<{host: string | undefined}>) =>
		`SHOW GRANTS FOR CURRENT_USER() USING ${roles.map(role => (role.host === undefined ? '?' : '?@?')).join(', ')}`,
	grantsFor: (role: {host: string | undefined}) =>
		role.host === undefined ? 'SHOW GRANTS FOR ?' : 'SHOW GRANTS FOR ?@?',
	/** The roles active in a new session: what the tool's sessions and mysqldump get at login. */
	currentRole: () => 'SELECT CURRENT_ROLE() AS role',
	serverFacts: () => 'SELECT VERSION() AS version, @@lower_case_table_names AS lower_case_table_names',
	/** MySQL 8.0.16+ only; with it on, `%` and `_` in database grants are literal. */
	partialRevokes: () => 'SELECT @@global.partial_revokes AS partial_revokes',
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
	/** One batch of the cleanup (the id limit, then the batch size): repeated until a batch deletes fewer rows. */
	cleanSequence: (hb: string) => `DELETE FROM ${quoteId(hb)}.heatbeat_sequence WHERE id < ? LIMIT ?`,
	createVersionTable: (rm: string) =>
		`CREATE TABLE IF NOT EXISTS ${quoteId(rm)}.oms_version (version varchar(64) NOT NULL COMMENT 'Version', gmt_modified timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (version))`,
	recordVersion: (rm: string) => `REPLACE INTO ${quoteId(rm)}.oms_version (version) VALUES (?)`,
	dropDatabase: (db: string) => `DROP DATABASE IF EXISTS ${quoteId(db)}`,
	/** Re-created as it was: with the charset and collation the backup recorded (when it did). */
	createDatabase: (db: string, defaults?: {readonly charset: string; readonly collation: string}) =>
		`CREATE DATABASE ${quoteId(db)}${defaults ? ` DEFAULT CHARACTER SET ${quoteId(defaults.charset)} COLLATE ${quoteId(defaults.collation)}` : ''}`,
	schemaDefaults: () =>
		'SELECT default_character_set_name AS charset, default_collation_name AS collation FROM information_schema.schemata WHERE schema_name = ?',
	baseTables: () =>
		"SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
	countRows: (db: string, table: string) => `SELECT COUNT(*) AS n FROM ${quoteId(db)}.${quoteId(table)}`,
	getLock: () => 'SELECT GET_LOCK(?, 0) AS got',
	/**
	 * Where the MetaDB refuses the lock functions (OceanBase): a lease row of the tool's own, keyed by the lock name,
	 * times from the MetaDB's clock.
	 */
	createLeaseTable: (rm: string) =>
		`CREATE TABLE IF NOT EXISTS ${quoteId(rm)}.${leaseTable} (name varchar(64) NOT NULL, token char(32) NOT NULL, holder_user varchar(128) NOT NULL, holder_host varchar(255) NOT NULL, holder_machine varchar(100) NOT NULL DEFAULT '', pid int NOT NULL, command varchar(255) NOT NULL, since datetime NOT NULL, expires_at datetime NOT NULL, PRIMARY KEY (name)) COMMENT 'oms-upgrade: one run at a time; not part of OMS'`,
	/** Whether a lease table made by an earlier version lacks `holder_machine` (1 when it has it). */
	leaseHasMachine: () =>
		`SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = ? AND table_name = '${leaseTable}' AND column_name = 'holder_machine'`,
	addLeaseMachine: (rm: string) =>
		`ALTER TABLE ${quoteId(rm)}.${leaseTable} ADD COLUMN holder_machine varchar(100) NOT NULL DEFAULT ''`,
	readLease: (rm: string) =>
		`SELECT token, holder_user, holder_host, holder_machine, pid, command, since, expires_at, expires_at < UTC_TIMESTAMP() AS expired FROM ${quoteId(rm)}.${leaseTable} WHERE name = ?`,
	takeLease: (rm: string) =>
		`INSERT INTO ${quoteId(rm)}.${leaseTable} (name, token, holder_user, holder_host, holder_machine, pid, command, since, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)`,
	renewLease: (rm: string) =>
		`UPDATE ${quoteId(rm)}.${leaseTable} SET expires_at = UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE name = ? AND token = ?`,
	dropExpiredLease: (rm: string) =>
		`DELETE FROM ${quoteId(rm)}.${leaseTable} WHERE name = ? AND expires_at < UTC_TIMESTAMP()`,
	releaseLease: (rm: string) => `DELETE FROM ${quoteId(rm)}.${leaseTable} WHERE name = ? AND token = ?`,
	releaseLock: () => 'SELECT RELEASE_LOCK(?) AS released',
} as const;

// Seeds a lab's MetaDB to a size: a `bench_rows` table of 992-byte rows in each of the lab's databases.
// Used by the benches that need a MetaDB of a production-like size (dumps, forecast).

/**
 * Fills `bench_rows` in each database, its share of `seedMB` each (rm 50 %, cm 30 %, the heartbeat databases
 * 20 % each): 1,000 seed rows joined with themselves in one INSERT … SELECT (a table read into itself would need
 * a temporary table). Resolves the rows' own bytes in MiB, counted exactly (InnoDB's statistics are estimates).
 */
export async function seedMetadb(lab, seedMB) {
	const shares = [0.5, 0.3, 0.2];
	for (const [index, database] of lab.databases.entries()) {
		const wantRows = Math.max(1000, Math.ceil((seedMB * 2 ** 20 * (shares[index] ?? 0.2)) / 992));
		await lab.root('CREATE TABLE bench_seed (payload VARCHAR(1024) NOT NULL) ENGINE=InnoDB', database);
		await lab.root('INSERT INTO bench_seed (payload) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) SELECT REPEAT(MD5(n), 31) FROM s', database);
		await lab.root('CREATE TABLE bench_rows (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(1024) NOT NULL) ENGINE=InnoDB', database);
		await lab.root(`INSERT INTO bench_rows (payload) SELECT a.payload FROM bench_seed a CROSS JOIN bench_seed b LIMIT ${wantRows}`, database);
		await lab.root('DROP TABLE bench_seed', database);
	}
	const counts = await Promise.all(lab.databases.map(database => lab.root('SELECT SUM(LENGTH(payload)) FROM bench_rows', database)));
	return counts.reduce((sum, {stdout}) => sum + Number(stdout.trim()), 0) / 2 ** 20;
}

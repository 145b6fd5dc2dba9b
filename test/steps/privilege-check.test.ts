import mysql from 'mysql2/promise';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Metadb} from '../../source/adapters/metadb.js';
import {labGrantModes, type LabGrants} from '../../source/lab/metadb-server.js';
import {privilegeCheck, readGrants} from '../../source/steps/checks/privilege-check.js';
import {fixtureDatabases, startMetadbFixture, type MetadbFixture} from '../helpers/metadb-fixture.js';

/** The privilege check against a real MariaDB, for the lab's grant modes and the ways DBAs get them wrong. */
const fixtures = new Map<LabGrants, MetadbFixture>();

beforeAll(async () => {
	for (const grants of labGrantModes) fixtures.set(grants, await startMetadbFixture({grants}));
	const root = await mysql.createConnection({socketPath: fixtures.get('pattern')!.metadb.socket, user: 'root'});
	try {
		for (const statement of [
			"CREATE USER 'partial'@'127.0.0.1' IDENTIFIED BY 'pw'",
			"GRANT SELECT, INSERT, UPDATE, DELETE ON `oms\\_%`.* TO 'partial'@'127.0.0.1'",
			'CREATE ROLE idle_role',
			'GRANT ALL ON `oms\\_%`.* TO idle_role',
			"CREATE USER 'idle'@'127.0.0.1' IDENTIFIED BY 'pw'",
			"GRANT idle_role TO 'idle'@'127.0.0.1'",
			"CREATE USER 'overlap'@'127.0.0.1' IDENTIFIED BY 'pw'",
			"GRANT SELECT ON `oms_rm`.* TO 'overlap'@'127.0.0.1'",
			"GRANT ALL ON `oms\\_%`.* TO 'overlap'@'127.0.0.1'",
			"CREATE USER 'tables'@'127.0.0.1' IDENTIFIED BY 'pw'",
			'CREATE TABLE oms_rm.host (ip varchar(64))',
			"GRANT ALL ON `oms_rm`.`host` TO 'tables'@'127.0.0.1'",
		]) {
			await root.query(statement);
		}
	} finally {
		await root.end();
	}
}, 240_000);

afterAll(async () => {
	for (const fixture of fixtures.values()) await fixture.down();
});

async function checkAs(fixture: MetadbFixture, user: string, password: string) {
	const target = {host: '127.0.0.1', port: fixture.metadb.port, user, password};
	const metadb = await Metadb.connect(target);
	try {
		return privilegeCheck(await readGrants(metadb), target, fixtureDatabases);
	} finally {
		await metadb.close();
	}
}

describe.each(labGrantModes)('the lab granting by %s', grants => {
	it('passes the check', async () => {
		const fixture = fixtures.get(grants)!;
		expect(await checkAs(fixture, fixture.metadb.user, 'fixture-pw')).toEqual({
			id: 'metadb',
			node: null,
			status: 'pass',
			reason: `oms_meta_user@127.0.0.1:${fixture.metadb.port} connected; privileges cover oms_rm, oms_cm, oms_cm_hb_1`,
		});
	});

	it('really lets the user do what the rollback does: drop, re-create and fill each database', async () => {
		const fixture = fixtures.get(grants)!;
		const connection = await mysql.createConnection({
			host: '127.0.0.1',
			port: fixture.metadb.port,
			user: fixture.metadb.user,
			password: 'fixture-pw',
			multipleStatements: true,
		});
		try {
			for (const database of fixtureDatabases) {
				await connection.query(
					`DROP DATABASE \`${database}\`; CREATE DATABASE \`${database}\`; CREATE TABLE \`${database}\`.t (id int PRIMARY KEY); LOCK TABLES \`${database}\`.t WRITE; INSERT INTO \`${database}\`.t VALUES (1); UNLOCK TABLES; ALTER TABLE \`${database}\`.t ADD INDEX k (id); DELETE FROM \`${database}\`.t; DROP TABLE \`${database}\`.t`,
				);
			}
		} finally {
			await connection.end();
		}
	});
});

describe('grants the check does not accept', () => {
	it('fails a partial grant, naming what is missing on each database', async () => {
		const result = await checkAs(fixtures.get('pattern')!, 'partial', 'pw');
		expect(result.status).toBe('fail');
		expect(result.reason).toBe(
			'partial lacks CREATE, DROP, ALTER, INDEX, LOCK TABLES on oms_rm; CREATE, DROP, ALTER, INDEX, LOCK TABLES on oms_cm; CREATE, DROP, ALTER, INDEX, LOCK TABLES on oms_cm_hb_1; grant them (the rollback drops and re-creates these databases).',
		);
	});

	it('fails a role that is granted but not the default, and says how to fix it', async () => {
		const result = await checkAs(fixtures.get('pattern')!, 'idle', 'pw');
		expect(result.status).toBe('fail');
		expect(result.reason).toMatch(
			/^idle lacks SELECT, INSERT, .* on oms_rm; .*Roles granted to idle but not active at login do not count \(neither the tool nor mysqldump runs SET ROLE\): `idle_role`; make it the default role \(SET DEFAULT ROLE\) or grant the privileges to the user\.$/,
		);
	});

	it('warns on overlapping grants, of which MariaDB applies the exact-looking one', async () => {
		const result = await checkAs(fixtures.get('pattern')!, 'overlap', 'pw');
		expect(result.status).toBe('warn');
		expect(result.reason).toMatch(
			/cannot prove INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, LOCK TABLES on oms_rm: it found overlapping database grants/,
		);
	});

	it('warns, naming the line, when only table grants could give the privileges', async () => {
		const result = await checkAs(fixtures.get('pattern')!, 'tables', 'pw');
		expect(result.status).toBe('warn');
		expect(result.reason).toContain(
			'it found a grant on tables, columns or routines, which it does not count: GRANT ALL PRIVILEGES ON `oms_rm`.`host` TO `tables`@`127.0.0.1`',
		);
	});
});

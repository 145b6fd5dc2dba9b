import {execa} from 'execa';
import mysql from 'mysql2/promise';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMetadbFixture, type MetadbFixture} from '../helpers/metadb-fixture.js';

/** The lab's `--metadb ob`: mariadbd behind the OBProxy stand-in, as the tool meets an OceanBase MetaDB. */
let fixture: MetadbFixture;
const password = `p#w=1;"2'3\\ x`;

beforeAll(async () => {
	fixture = await startMetadbFixture({flavour: 'ob', password});
});

afterAll(async () => {
	await fixture?.down();
});

const connectAs = (user: string) =>
	mysql.createConnection({host: '127.0.0.1', port: fixture.metadb.port, user, password});

describe('the OBProxy stand-in', () => {
	it('takes the OBProxy-style user name and logs in as the account behind it', async () => {
		expect([fixture.metadb.user, fixture.metadb.account]).toEqual(['oms_meta@oms_tenant#obcluster', 'oms_meta']);
		expect(fixture.metadb.port).not.toBe(fixture.metadb.serverPort);
		const connection = await connectAs(fixture.metadb.user);
		try {
			const [rows] = await connection.query('SELECT CURRENT_USER() AS who');
			expect(rows).toEqual([{who: 'oms_meta@127.0.0.1'}]);
		} finally {
			await connection.end();
		}
	});

	it.each([
		'SELECT GET_LOCK(?, 0) AS got',
		'SELECT RELEASE_LOCK(?)',
		'SELECT IS_USED_LOCK(?)',
		'SELECT is_free_lock (?)',
		'DO RELEASE_ALL_LOCKS()',
	])('refuses %s with error 1235, and the session goes on', async statement => {
		const connection = await connectAs(fixture.metadb.user);
		try {
			const refused = await connection
				.query(statement, ['x'])
				.catch((error: {errno?: number; sqlState?: string; message?: string}) => error);
			expect(refused).toMatchObject({errno: 1235, sqlState: '0A000', message: 'Not supported feature or function'});
			const [rows] = await connection.query('SELECT 1 + 1 AS two');
			expect(rows).toEqual([{two: 2}]);
		} finally {
			await connection.end();
		}
	});

	it('refuses the lock functions in prepared statements too', async () => {
		const connection = await connectAs(fixture.metadb.user);
		try {
			await expect(connection.execute('SELECT GET_LOCK(?, 0)', ['x'])).rejects.toMatchObject({errno: 1235});
			const [rows] = await connection.execute('SELECT ? AS echo', ['GET_LOCK']);
			expect(rows).toEqual([{echo: 'GET_LOCK'}]);
		} finally {
			await connection.end();
		}
	});

	it('passes the mariadb client through under the OBProxy-style name', async () => {
		const {stdout} = await execa(
			'mariadb',
			[
				'--no-defaults',
				'-h127.0.0.1',
				`-P${fixture.metadb.port}`,
				`-u${fixture.metadb.user}`,
				'-N',
				'-e',
				'SELECT CURRENT_USER()',
			],
			{env: {MYSQL_PWD: password}},
		);
		expect(stdout).toBe('oms_meta@127.0.0.1');
	});

	it('refuses a wrong password as the server does', async () => {
		const refused = await mysql
			.createConnection({host: '127.0.0.1', port: fixture.metadb.port, user: fixture.metadb.user, password: 'wrong'})
			.catch((error: {errno?: number}) => error);
		expect(refused).toMatchObject({errno: 1045});
	});
});

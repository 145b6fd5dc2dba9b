import {mkdtemp, readdir, readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import mysql from 'mysql2/promise';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runMysqldump, withDefaultsFile} from '../../source/adapters/mysql-clients.js';
import {startMetadbFixture, type MetadbFixture} from '../helpers/metadb-fixture.js';

/** The 0600 defaults file, read by the real mariadb client and mysqldump, with every awkward character. */
let fixture: MetadbFixture;
let directory: string;

const passwords = [
	'p#ss',
	'#leading-hash',
	'a=b',
	';semicolon',
	'dq"in"side',
	"sq'in'side",
	'"wrapped"',
	"'wrapped'",
	'back\\slash',
	'trailing\\',
	'\\n-not-a-newline',
	'two words',
	' leading space',
	'trailing space ',
	`all #=;"' \\ of them`,
];
const users = ['oms_meta_user', 'oms_meta@oms_tenant#obcluster', 'o\'dd "user" #1'];

beforeAll(async () => {
	fixture = await startMetadbFixture();
	directory = await mkdtemp(join(tmpdir(), 'omsd-'));
	const connection = await mysql.createConnection({socketPath: fixture.metadb.socket, user: 'root'});
	try {
		for (const [index, password] of passwords.entries()) {
			await connection.query('CREATE USER ?@? IDENTIFIED BY ?', [`pw${index}`, '127.0.0.1', password]);
		}
		for (const user of users.slice(1))
			await connection.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '127.0.0.1', passwords.at(-1)!]);
		await connection.query("GRANT ALL ON `oms\\_%`.* TO 'pw14'@'127.0.0.1'");
	} finally {
		await connection.end();
	}
	await fixture.sql(
		'CREATE TABLE oms_rm.t (id int PRIMARY KEY, note varchar(20)); INSERT INTO oms_rm.t VALUES (1, "kept")',
	);
});

afterAll(async () => {
	await fixture?.down();
	if (directory) await rm(directory, {recursive: true, force: true});
});

const target = (user: string, password: string) => ({host: '127.0.0.1', port: fixture.metadb.port, user, password});
const whoAmI = (file: string) =>
	execa('mariadb', [`--defaults-extra-file=${file}`, '-N', '-B', '-e', 'SELECT CURRENT_USER()']).then(
		result => result.stdout,
	);

describe('the defaults file, read by the mariadb client', () => {
	it.each(passwords.map((password, index) => [password, index] as const))('password %j', async (password, index) => {
		const who = await withDefaultsFile(directory, target(`pw${index}`, password), async file => {
			expect((await stat(file)).mode & 0o777).toBe(0o600);
			return whoAmI(file);
		});
		expect(who).toBe(`pw${index}@127.0.0.1`);
	});

	it.each(users.slice(1))('user name %j', async user => {
		expect(await withDefaultsFile(directory, target(user, passwords.at(-1)!), whoAmI)).toBe(`${user}@127.0.0.1`);
	});

	it('a wrong password is refused, so the passes above are real', async () => {
		await expect(withDefaultsFile(directory, target('pw0', 'p#'), whoAmI)).rejects.toThrow(/Access denied/);
	});

	it('mysqldump dumps with it, and the file is gone afterwards', async () => {
		const result = join(directory, 'oms_rm.sql');
		await withDefaultsFile(directory, target('pw14', passwords[14]!), file =>
			runMysqldump(file, 'oms_rm', result, {idleMs: 30_000, signal: new AbortController().signal}),
		);
		expect(await readFile(result, 'utf8')).toMatch(/INSERT INTO `t` VALUES\s*\(1,'kept'\);[\s\S]*-- Dump completed/);
		expect((await readdir(directory)).filter(name => name.endsWith('.cnf'))).toEqual([]);
	});
});

describe('a MetaDB that stops answering (the server process stopped with SIGSTOP)', () => {
	it('holds mysqldump unanswered: it fails within streamIdleSec, and dumps again once the server answers', async () => {
		const result = join(directory, 'held.sql');
		const defaults = target('pw14', passwords[14]!);
		process.kill(fixture.metadb.pid, 'SIGSTOP');
		const began = Date.now();
		try {
			await expect(
				withDefaultsFile(directory, defaults, file =>
					runMysqldump(file, 'oms_rm', result, {idleMs: 2000, signal: new AbortController().signal}),
				),
			).rejects.toThrow(/mysqldump of oms_rm moved no byte for 2 s \(timeouts\.streamIdleSec\) and was stopped/);
		} finally {
			process.kill(fixture.metadb.pid, 'SIGCONT');
		}
		expect(Date.now() - began).toBeLessThan(10_000);
		expect((await readdir(directory)).filter(name => name.startsWith('held.sql'))).toEqual([]);
		await withDefaultsFile(directory, defaults, file =>
			runMysqldump(file, 'oms_rm', result, {idleMs: 20_000, signal: new AbortController().signal}),
		);
		expect(await readFile(result, 'utf8')).toMatch(/-- Dump completed/);
	});
});

describe('a statement the client gave up on', () => {
	it('is killed on the server (KILL QUERY), so a re-run does not contend with it', async () => {
		const {Metadb} = await import('../../source/adapters/metadb.js');
		const session = await Metadb.connect({...target('pw14', passwords[14]!), querySec: 1});
		try {
			await expect(session.query('SELECT SLEEP(30) AS slept')).rejects.toThrow(/within 1s/);
		} finally {
			await session.close();
		}
		const running = await fixture.sql<{n: number}>(
			"SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(30)%'",
		);
		expect(Number(running[0]!.n)).toBe(0);
	});
});

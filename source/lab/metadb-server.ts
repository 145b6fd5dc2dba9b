import {mkdir} from 'node:fs/promises';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {execa} from 'execa';
import mysql from 'mysql2/promise';
import {waitFor} from '../domain/wait.js';
import {startDaemon} from './processes.js';

export type LabMetadb = {
	readonly pid: number;
	readonly port: number;
	/** Unix socket for root, which the lab and its tests use to seed and inspect. */
	readonly socket: string;
	readonly user: string;
	readonly password: string;
	readonly dataDir: string;
};

/** A free TCP port on 127.0.0.1, found by letting the kernel pick one. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** A private mariadbd under `directory`: installed, started, with the OMS MetaDB user created. */
export async function startMetadb(directory: string, password: string): Promise<LabMetadb> {
	const dataDir = join(directory, 'data');
	await mkdir(dataDir, {recursive: true});
	await execa('mariadb-install-db', ['--no-defaults', `--datadir=${dataDir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db']);
	const port = await freePort();
	const {pid, socket} = await runMariadbd(directory, port);
	const user = 'oms_meta_user';
	await rootQuery(
		socket,
		`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}';
		GRANT ALL PRIVILEGES ON *.* TO '${user}'@'127.0.0.1';
		CREATE USER '${user}'@'localhost' IDENTIFIED BY '${password}';
		GRANT ALL PRIVILEGES ON *.* TO '${user}'@'localhost'`,
	);
	return {pid, port, socket, user, password, dataDir};
}

/** Starts mariadbd on an installed datadir and waits until it answers; also how a stopped MetaDB comes back. */
export async function runMariadbd(directory: string, port: number): Promise<{pid: number; socket: string}> {
	const socket = join(directory, 'mysqld.sock');
	const pid = await startDaemon(
		'mariadbd',
		['--no-defaults', `--datadir=${join(directory, 'data')}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', '--user=root', `--pid-file=${join(directory, 'mariadbd.pid')}`, '--skip-name-resolve'],
		join(directory, 'mariadbd.log'),
	);
	await waitFor(async () => rootQuery(socket, 'SELECT 1').then(() => true, () => false), {
		timeoutMs: 60_000,
		message: `mariadbd did not accept connections within 60s; see ${join(directory, 'mariadbd.log')}`,
	});
	return {pid, socket};
}

/** Runs SQL as the MetaDB root over the lab's unix socket. */
export async function rootQuery(socket: string, statements: string): Promise<unknown> {
	const connection = await mysql.createConnection({socketPath: socket, user: 'root', multipleStatements: true});
	try {
		const [rows] = await connection.query(statements);
		return rows;
	} finally {
		await connection.end();
	}
}

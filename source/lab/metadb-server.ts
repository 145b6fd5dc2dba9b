import {mkdir} from 'node:fs/promises';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import mysql from 'mysql2/promise';
import {isSingleExecutable} from '../assets.js';
import {waitFor} from '../domain/wait.js';
import {startDaemon} from './processes.js';
import type {LabGrants, MetadbFlavour} from './metadb-modes.js';

export {labGrantModes, metadbFlavours, type LabGrants, type MetadbFlavour} from './metadb-modes.js';

export type MetadbOptions = {
	readonly flavour: MetadbFlavour;
	readonly grants: LabGrants;
	/** The user name OMS and the tool log in with; default oms_meta_user, or oms_meta@oms_tenant#obcluster for ob. */
	readonly user?: string | undefined;
	readonly password: string;
	/** The rm, cm and cm_hb databases the grants cover. */
	readonly databases: readonly string[];
};

export type LabMetadb = {
	readonly pid: number;
	/** The port clients use (config.yaml): the proxy's for ob, mariadbd's otherwise. */
	readonly port: number;
	readonly serverPort: number;
	/** Unix socket for root, which the lab and its tests use to seed and inspect. */
	readonly socket: string;
	/** The user name clients log in with. */
	readonly user: string;
	/** The MariaDB account behind it (the part before `@` for an OBProxy-style name). */
	readonly account: string;
	readonly password: string;
	readonly dataDir: string;
	readonly flavour: MetadbFlavour;
	readonly grants: LabGrants;
	readonly proxyPid: number | null;
};

/** The database pattern `--grants pattern` grants; every lab database name matches it. */
const labGrantPattern = 'oms\\_%';
const labRole = 'oms_meta_role';

/** A free TCP port on 127.0.0.1, found by letting the kernel pick one. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
			);
		});
	});
}

/**
 * A private mariadbd under `directory`: installed, started, with the OMS MetaDB user and its grants; for ob, the proxy
 * too.
 */
export async function startMetadb(directory: string, options: MetadbOptions): Promise<LabMetadb> {
	const dataDir = join(directory, 'data');
	await mkdir(dataDir, {recursive: true});
	await execa('mariadb-install-db', [
		'--no-defaults',
		`--datadir=${dataDir}`,
		'--user=root',
		'--auth-root-authentication-method=normal',
		'--skip-test-db',
	]);
	const serverPort = await freePort();
	const {pid, socket} = await runMariadbd(directory, serverPort);
	const user = options.user ?? (options.flavour === 'ob' ? 'oms_meta@oms_tenant#obcluster' : 'oms_meta_user');
	// OBProxy takes `user@tenant#cluster` and the tenant sees `user`; a MySQL server keeps the name whole.
	const account = options.flavour === 'ob' ? user.replace(/@.*$/s, '') : user;
	await createAccount(socket, account, options);
	const metadb = {
		pid,
		port: serverPort,
		serverPort,
		socket,
		user,
		account,
		password: options.password,
		dataDir,
		flavour: options.flavour,
		grants: options.grants,
		proxyPid: null,
	};
	if (options.flavour === 'mariadb') return metadb;
	const port = await freePort();
	const proxy = obProxyCommand([
		'--port',
		String(port),
		'--upstream-port',
		String(serverPort),
		'--user',
		user,
		'--account',
		account,
	]);
	const proxyPid = await startDaemon(proxy.command, proxy.args, join(directory, 'ob-proxy.log'), proxy.env);
	await waitFor(() => canConnect(port), {
		timeoutMs: 20_000,
		message: `the lab's OBProxy stand-in did not listen on ${port} within 20s; see ${join(directory, 'ob-proxy.log')}`,
	});
	return {...metadb, port, proxyPid};
}

/** The environment switch the single executable's entry (scripts/release/sea-main.js) runs a lab daemon on. */
export const labDaemonVariable = 'OMS_UPGRADE_LAB_DAEMON';

/**
 * How to start the OBProxy stand-in daemon: the built proxy program under this Node.js (from the source or
 * the built tree alike; `npm run build` makes it), or, in the single executable, which has no program
 * files and runs its CLI on any arguments, the executable itself told by the environment to be the proxy.
 */
export function obProxyCommand(
	args: readonly string[],
	singleExecutable = isSingleExecutable(),
): {command: string; args: readonly string[]; env?: Readonly<Record<string, string>>} {
	if (singleExecutable) return {command: process.execPath, args, env: {[labDaemonVariable]: 'ob-proxy'}};
	return {
		command: process.execPath,
		args: [fileURLToPath(new URL('../../dist/lab/ob-proxy-main.js', import.meta.url)), ...args],
	};
}

async function canConnect(port: number): Promise<boolean> {
	const connection = await mysql
		.createConnection({host: '127.0.0.1', port, user: 'nobody', connectTimeout: 2000})
		.catch((error: {errno?: number}) => error);
	if ('end' in connection) await connection.end();
	return 'end' in connection || connection.errno === 1045;
}

/** Every statement takes its names and the password as parameters: they may hold quotes, `#` or backslashes. */
async function createAccount(socket: string, account: string, options: MetadbOptions): Promise<void> {
	const connection = await mysql.createConnection({socketPath: socket, user: 'root'});
	try {
		const accounts = ['127.0.0.1', 'localhost'].map(host => [account, host]);
		for (const [name, host] of accounts)
			await connection.query('CREATE USER ?@? IDENTIFIED BY ?', [name, host, options.password]);
		const targets = options.grants === 'pattern' ? [labGrantPattern] : options.databases;
		if (options.grants !== 'role') {
			for (const target of targets)
				for (const names of accounts)
					await connection.query(`GRANT ALL PRIVILEGES ON ${quoteId(target)}.* TO ?@?`, names);
			return;
		}
		await connection.query(`CREATE ROLE ${quoteId(labRole)}`);
		for (const target of targets)
			await connection.query(`GRANT ALL PRIVILEGES ON ${quoteId(target)}.* TO ${quoteId(labRole)}`);
		for (const names of accounts) {
			await connection.query(`GRANT ${quoteId(labRole)} TO ?@?`, names);
			await connection.query(`SET DEFAULT ROLE ${quoteId(labRole)} FOR ?@?`, names);
		}
	} finally {
		await connection.end();
	}
}

const quoteId = (name: string) => '`' + name.replaceAll('`', '``') + '`';

/** Starts mariadbd on an installed datadir and waits until it answers; also how a stopped MetaDB comes back. */
export async function runMariadbd(directory: string, port: number): Promise<{pid: number; socket: string}> {
	const socket = join(directory, 'mysqld.sock');
	const pid = await startDaemon(
		'mariadbd',
		[
			'--no-defaults',
			`--datadir=${join(directory, 'data')}`,
			`--socket=${socket}`,
			`--port=${port}`,
			'--bind-address=127.0.0.1',
			'--user=root',
			`--pid-file=${join(directory, 'mariadbd.pid')}`,
			'--skip-name-resolve',
		],
		join(directory, 'mariadbd.log'),
	);
	await waitFor(
		async () =>
			rootQuery(socket, 'SELECT 1').then(
				() => true,
				() => false,
			),
		{
			timeoutMs: 60_000,
			message: `mariadbd did not accept connections within 60s; see ${join(directory, 'mariadbd.log')}`,
		},
	);
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

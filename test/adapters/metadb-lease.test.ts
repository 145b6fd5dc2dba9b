import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {hostname, tmpdir, userInfo} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runMysqldump, withDefaultsFile} from '../../source/adapters/mysql-clients.js';
import {waitFor} from '../../source/domain/wait.js';
import {acquireRunLock} from '../../source/adapters/run-lock.js';
import {startMetadbFixture, type MetadbFixture} from '../helpers/metadb-fixture.js';

/** The run lock on a MetaDB that refuses GET_LOCK (the lab's OceanBase stand-in): a lease row in rm. */
let fixture: MetadbFixture;
let scratch: string;
const password = `lease #=;"' \\ pw`;

beforeAll(async () => {
	fixture = await startMetadbFixture({flavour: 'ob', password});
	scratch = await mkdtemp(join(tmpdir(), 'omsl-'));
});

afterAll(async () => {
	await fixture?.down();
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

const target = () => ({host: '127.0.0.1', port: fixture.metadb.port, user: fixture.metadb.user, password});
const workdir = (name: string) => join(scratch, name);
type LeaseRow = {holder_user: string; holder_host: string; pid: number; command: string; expires_at: string};
/** The lease rows; none while the table does not exist. */
const leaseRows = () =>
	fixture
		.sql<LeaseRow>(
			'SELECT holder_user, holder_host, pid, command, CAST(expires_at AS CHAR) AS expires_at FROM oms_rm.oms_upgrade_lock',
		)
		.catch(() => []);

describe('the lease fallback', () => {
	it('takes a lease row naming who, refuses a second operator naming the holder, and deletes the row on release', async () => {
		const first = await acquireRunLock(workdir('jump-1'), 'oms-upgrade run', target(), 'oms_rm');
		try {
			expect(await leaseRows()).toEqual([
				{
					holder_user: userInfo().username,
					holder_host: hostname(),
					pid: process.pid,
					command: 'oms-upgrade run',
					expires_at: expect.any(String),
				},
			]);
			const second = acquireRunLock(workdir('jump-2'), 'oms-upgrade rollback', target(), 'oms_rm');
			await expect(second).rejects.toThrow(
				new RegExp(
					`^another oms-upgrade holds the MetaDB lease oms-upgrade:oms_rm in \`oms_rm\`\\.oms_upgrade_lock: ${userInfo().username}@${hostname()} pid ${process.pid} \\(\`oms-upgrade run\`\\) since [\\d-]+ [\\d:]+ UTC, lease until [\\d-]+ [\\d:]+ UTC; only one run at a time\\.$`,
				),
			);
			await expect(readFile(join(workdir('jump-2'), 'lock'), 'utf8')).rejects.toThrow(/ENOENT/);
		} finally {
			await first.release();
		}
		expect(await leaseRows()).toEqual([]);
		const next = await acquireRunLock(workdir('jump-2'), 'oms-upgrade run', target(), 'oms_rm');
		await next.release();
	});

	it('renews the lease while the run lives, so it outlasts its first expiry', async () => {
		const lock = await acquireRunLock(workdir('renew'), 'oms-upgrade run', target(), 'oms_rm', {
			lease: {leaseSec: 2, renewSec: 0.5},
		});
		try {
			const [taken] = await leaseRows();
			await waitFor(async () => ((await leaseRows())[0]?.expires_at ?? '') > taken!.expires_at, {
				timeoutMs: 10_000,
				intervalMs: 200,
			});
			// Past the first expiry by the MetaDB's clock, the lease still stands because it was renewed.
			await waitFor(
				async () =>
					(await fixture.sql<{past: number}>(`SELECT UTC_TIMESTAMP() > '${taken!.expires_at}' AS past`))[0]!.past === 1,
				{
					timeoutMs: 10_000,
					intervalMs: 200,
				},
			);
			await expect(acquireRunLock(workdir('renew-2'), 'oms-upgrade run', target(), 'oms_rm')).rejects.toThrow(
				/holds the MetaDB lease/,
			);
		} finally {
			await lock.release();
		}
	}, 30_000);

	it('writes the row again when a restore re-creates the rm database under a live run', async () => {
		const logs: string[] = [];
		const lock = await acquireRunLock(workdir('restore'), 'oms-upgrade rollback', target(), 'oms_rm', {
			lease: {leaseSec: 5, renewSec: 0.5},
			log: text => logs.push(text),
		});
		try {
			await fixture.sql('DROP DATABASE oms_rm; CREATE DATABASE oms_rm');
			await waitFor(async () => (await leaseRows()).length === 1, {
				timeoutMs: 10_000,
				intervalMs: 200,
				message: 'the lease row did not come back',
			});
			expect(logs).toContainEqual(
				'the MetaDB lease row oms-upgrade:oms_rm had gone from `oms_rm`.oms_upgrade_lock (a restore re-creates oms_rm); written again',
			);
		} finally {
			await lock.release();
		}
	}, 30_000);

	it("a crashed holder's lease on this host is taken over at once, and said so (the workdir lock is too)", async () => {
		const program = `const {acquireRunLock} = await import(${JSON.stringify(fileURLToPath(new URL('../../dist/adapters/run-lock.js', import.meta.url)))});
			await acquireRunLock(process.env.WORKDIR, 'oms-upgrade run', JSON.parse(process.env.TARGET), 'oms_rm', {lease: {leaseSec: 600, renewSec: 60}});
			console.log('locked'); setInterval(() => undefined, 1000);`;
		const holder = execa('node', ['--input-type=module', '-e', program], {
			env: {WORKDIR: workdir('crashed'), TARGET: JSON.stringify(target())},
			reject: false,
			buffer: false,
		});
		await new Promise<void>(resolve => holder.stdout!.once('data', () => resolve()));
		holder.kill('SIGKILL');
		await holder;
		const logs: string[] = [];
		const began = Date.now();
		const lock = await acquireRunLock(workdir('crashed'), 'oms-upgrade run', target(), 'oms_rm', {
			log: text => logs.push(text),
		});
		expect(Date.now() - began).toBeLessThan(10_000);
		await lock.release();
		expect(logs).toContainEqual(
			expect.stringMatching(
				new RegExp(
					`^took over the MetaDB lease oms-upgrade:oms_rm at once, left by \\S+ pid ${holder.pid} \\(\`oms-upgrade run\`\\) .*: its process \\(pid ${holder.pid}\\) is gone from this host$`,
				),
			),
		);
	}, 30_000);

	it('a holder on another machine (same host name) is waited for until its lease expires; then taken over', async () => {
		await fixture.sql(
			`INSERT INTO oms_rm.oms_upgrade_lock (name, token, holder_user, holder_host, holder_machine, pid, command, since, expires_at) VALUES ('oms-upgrade:oms_rm', '${'e'.repeat(32)}', 'root', '${hostname()}', '${'0'.repeat(32)}/00000000-0000-0000-0000-000000000000', 999999, 'oms-upgrade run', UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 3 SECOND)`,
		);
		await expect(acquireRunLock(workdir('other-machine'), 'oms-upgrade run', target(), 'oms_rm')).rejects.toThrow(
			/holds the MetaDB lease .* pid 999999 /,
		);
		const logs: string[] = [];
		const lock = await waitFor(
			() =>
				acquireRunLock(workdir('other-machine'), 'oms-upgrade run', target(), 'oms_rm', {
					log: text => logs.push(text),
				}).catch(() => undefined),
			{timeoutMs: 15_000, intervalMs: 500},
		);
		await lock.release();
		expect(logs).toEqual([
			expect.stringMatching(
				/^took over the MetaDB lease oms-upgrade:oms_rm, left by root@\S+ pid 999999 .* it expired at /,
			),
		]);
	}, 30_000);

	it('mysqldump leaves the lease table out, so no restore brings a lease back', async () => {
		const lock = await acquireRunLock(workdir('dump'), 'oms-upgrade run', target(), 'oms_rm');
		const file = join(scratch, 'oms_rm.sql');
		try {
			await fixture.sql('CREATE TABLE oms_rm.project (id int PRIMARY KEY); INSERT INTO oms_rm.project VALUES (7)');
			await withDefaultsFile(scratch, target(), defaults =>
				runMysqldump(defaults, 'oms_rm', file, {idleMs: 30_000, signal: new AbortController().signal}),
			);
		} finally {
			await lock.release();
		}
		const dump = await readFile(file, 'utf8');
		expect(dump).toMatch(/CREATE TABLE `project`/);
		expect(dump).not.toMatch(/oms_upgrade_lock/);
	});
});

describe('where GET_LOCK works', () => {
	it('uses it, and creates no lease table', async () => {
		const plain = await startMetadbFixture({flavour: 'mariadb'});
		try {
			const lock = await acquireRunLock(
				workdir('plain'),
				'oms-upgrade run',
				{host: '127.0.0.1', port: plain.metadb.port, user: plain.metadb.user, password: 'fixture-pw'},
				'oms_rm',
			);
			expect(await plain.sql("SELECT IS_USED_LOCK('oms-upgrade:oms_rm') IS NOT NULL AS held")).toEqual([{held: 1}]);
			await lock.release();
			expect(await plain.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'oms_rm'")).toEqual(
				[],
			);
		} finally {
			await plain.down();
		}
	}, 60_000);
});

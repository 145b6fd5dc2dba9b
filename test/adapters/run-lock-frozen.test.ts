import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {closeGraceMs} from '../../source/adapters/close-grace.js';
import {acquireRunLock} from '../../source/adapters/run-lock.js';
import {waitFor} from '../../source/domain/wait.js';
import {startMetadbFixture, type MetadbFixture} from '../helpers/metadb-fixture.js';

/**
 * A MetaDB that stops answering (kill -STOP of the server) while a run holds the lock: releasing the lock
 * at the end of the run must not hold the process after its last words.
 */
const password = `frozen #=;"' \\ pw`;
const fixtures: MetadbFixture[] = [];
let scratch: string | undefined;

afterAll(async () => {
	for (const fixture of fixtures) {
		process.kill(fixture.metadb.pid, 'SIGCONT');
		await fixture.down();
	}
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

describe.each([
	['mariadb', 'GET_LOCK'],
	['ob', 'the lease row'],
] as const)('the run lock on a frozen %s MetaDB (%s)', (flavour, _lock) => {
	it('is released within the close grace, however long the query deadline', async () => {
		const fixture = await startMetadbFixture({flavour, password});
		fixtures.push(fixture);
		scratch ??= await mkdtemp(join(tmpdir(), 'omsf-'));
		const target = {
			host: '127.0.0.1',
			port: fixture.metadb.port,
			user: fixture.metadb.user,
			password,
			querySec: 120,
		};
		const lock = await acquireRunLock(join(scratch, flavour), 'oms-upgrade run', target, 'oms_rm');
		process.kill(fixture.metadb.pid, 'SIGSTOP');
		// A signal is delivered later than kill returns: release only once the server is stopped (state T).
		await waitFor(
			async () => (await readFile(`/proc/${fixture.metadb.pid}/stat`, 'utf8')).split(') ')[1]?.startsWith('T'),
			{
				timeoutMs: 10_000,
				message: 'mariadbd did not stop on SIGSTOP within 10s',
			},
		);
		const started = Date.now();
		await lock.release();
		const tookMs = Date.now() - started;
		process.kill(fixture.metadb.pid, 'SIGCONT');
		// A release statement and a close, each given the grace (the lease may also wait on a renewal in flight).
		expect(tookMs).toBeGreaterThanOrEqual(closeGraceMs - 100);
		expect(tookMs).toBeLessThan(4 * closeGraceMs);
	});
});

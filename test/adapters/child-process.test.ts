import {createHash} from 'node:crypto';
import {chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {childEnvironment, runStreamed} from '../../source/adapters/child-process.js';
import {runMysqldump, runMysqlRestore} from '../../source/adapters/mysql-clients.js';
import type {ExternalError} from '../../source/domain/errors.js';

/** Real child processes (sh scripts standing in for the clients): the deadline, the abort, the hash on the stream. */
let directory: string;
let bin: string;
const savedPath = process.env.PATH;

/** Puts an executable `name` on PATH for the clients' lookup (`--version` answers; otherwise `body` runs). */
async function fakeClient(name: string, body: string): Promise<void> {
	await writeFile(
		join(bin, name),
		`#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${name} fake"; exit 0; fi\n${body}\n`,
	);
	await chmod(join(bin, name), 0o755);
}

beforeAll(async () => {
	directory = await mkdtemp(join(tmpdir(), 'omsc-'));
	bin = join(directory, 'bin');
	await mkdir(bin);
	process.env.PATH = `${bin}:${savedPath}`;
});

afterAll(async () => {
	process.env.PATH = savedPath;
	await rm(directory, {recursive: true, force: true});
});

const limits = (idleMs: number, signal = new AbortController().signal) => ({idleMs, signal});

describe('runStreamed', () => {
	it("hashes the output on the stream: the sha256 and size are the file's", async () => {
		const file = join(directory, 'out.txt');
		const result = await runStreamed({
			command: 'sh',
			args: ['-c', 'seq 1 200000; echo "-- Dump completed"'],
			outputFile: file,
			...limits(5000),
		});
		const text = await readFile(file);
		expect(result.bytes).toBe(text.length);
		expect(result.sha256).toBe(createHash('sha256').update(text).digest('hex'));
		expect(result.tail.endsWith('-- Dump completed\n')).toBe(true);
	});

	it('is never cut while bytes keep moving, even past the idle deadline in total', async () => {
		const file = join(directory, 'slow.txt');
		const began = Date.now();
		await runStreamed({
			command: 'sh',
			args: ['-c', 'for i in 1 2 3 4 5 6; do echo $i; sleep 0.2; done'],
			outputFile: file,
			...limits(700),
		});
		expect(Date.now() - began).toBeGreaterThan(1000);
		expect(await readFile(file, 'utf8')).toBe('1\n2\n3\n4\n5\n6\n');
	});

	it("a failure's last words leave out the client's note on an option passed as --loose-… on purpose", async () => {
		const run = runStreamed({
			command: 'sh',
			args: [
				'-c',
				`echo "Warning: mysqldump: unknown variable 'loose-column-statistics=0'" >&2; echo "Got error: 2002: Can't connect" >&2; exit 2`,
			],
			outputFile: join(directory, 'loose.txt'),
			...limits(5000),
		});
		await expect(run).rejects.toMatchObject({reason: 'exit', said: "Got error: 2002: Can't connect"});
	});

	it('stops a child that moves no byte for the idle deadline, with its last words', async () => {
		const began = Date.now();
		const run = runStreamed({
			command: 'sh',
			args: ['-c', 'echo partial; echo "waiting for the server" >&2; sleep 30'],
			outputFile: join(directory, 'idle.txt'),
			...limits(400),
		});
		await expect(run).rejects.toMatchObject({reason: 'idle', said: 'waiting for the server'});
		expect(Date.now() - began).toBeLessThan(5000);
	});

	it('stops at once when the signal aborts', async () => {
		const stopper = new AbortController();
		const began = Date.now();
		const run = runStreamed({
			command: 'sh',
			args: ['-c', 'sleep 30'],
			outputFile: join(directory, 'abort.txt'),
			...limits(60_000, stopper.signal),
		});
		setTimeout(() => stopper.abort(), 100);
		await expect(run).rejects.toMatchObject({reason: 'aborted'});
		expect(Date.now() - began).toBeLessThan(3000);
	});

	it('keeps the cause of a spawn failure', async () => {
		await expect(
			runStreamed({
				command: join(directory, 'no-such-client'),
				args: [],
				outputFile: join(directory, 'x.txt'),
				...limits(1000),
			}),
		).rejects.toMatchObject({
			reason: 'spawn',
			message: expect.stringMatching(/ENOENT/),
		});
	});

	it('feeds stdin from a file and fails when the reader stops reading', async () => {
		const input = join(directory, 'in.sql');
		await writeFile(input, 'x'.repeat(4 * 1024 * 1024));
		await expect(
			runStreamed({command: 'sh', args: ['-c', 'wc -c'], inputFile: input, ...limits(5000)}),
		).resolves.toMatchObject({bytes: 0});
		const began = Date.now();
		await expect(
			runStreamed({command: 'sh', args: ['-c', 'sleep 30'], inputFile: input, ...limits(400)}),
		).rejects.toMatchObject({reason: 'idle'});
		expect(Date.now() - began).toBeLessThan(5000);
	});
});

describe('childEnvironment', () => {
	it('passes what a client needs and nothing else: no password variable, no other secret', () => {
		const kept = childEnvironment({
			PATH: '/usr/bin',
			HOME: '/root',
			LANG: 'C.UTF-8',
			LC_ALL: 'C',
			SSH_AUTH_SOCK: '/tmp/agent',
			OMS_META_PASSWORD: 'p#ss',
			AWS_SECRET_ACCESS_KEY: 'k',
			MYSQL_PWD: 'x',
		});
		expect(kept).toEqual({PATH: '/usr/bin', HOME: '/root', LANG: 'C.UTF-8', LC_ALL: 'C', SSH_AUTH_SOCK: '/tmp/agent'});
	});

	it('is what a streamed child sees', async () => {
		process.env.OMS_META_PASSWORD_FOR_TEST = 'secret';
		try {
			const file = join(directory, 'env.txt');
			await runStreamed({command: 'sh', args: ['-c', 'env'], outputFile: file, ...limits(5000)});
			const seen = await readFile(file, 'utf8');
			expect(seen).toMatch(/^PATH=/m);
			expect(seen).not.toMatch(/OMS_META_PASSWORD_FOR_TEST/);
		} finally {
			delete process.env.OMS_META_PASSWORD_FOR_TEST;
		}
	});
});

describe('the MySQL clients with a deadline', () => {
	it('a dump the server stops answering fails within the deadline, names the database and the deadline, and leaves no partial file', async () => {
		await fakeClient('mysqldump', 'echo "-- MySQL dump"; echo "mysqldump: reading table rows" >&2; sleep 30');
		const file = join(directory, 'oms_rm.sql');
		const began = Date.now();
		await expect(runMysqldump('/dev/null', 'oms_rm', file, limits(500))).rejects.toThrow(
			/mysqldump of oms_rm moved no byte for 0\.5 s \(timeouts\.streamIdleSec\) and was stopped; its last words: mysqldump: reading table rows/,
		);
		expect(Date.now() - began).toBeLessThan(5000);
		expect((await readdir(directory)).filter(name => name.startsWith('oms_rm.sql'))).toEqual([]);
	});

	it('a dump that exits non-zero says its exit and its words', async () => {
		await fakeClient('mysqldump', 'echo "mysqldump: Got error: 2013: Lost connection" >&2; exit 2');
		await expect(runMysqldump('/dev/null', 'oms_cm', join(directory, 'oms_cm.sql'), limits(5000))).rejects.toThrow(
			/mysqldump of oms_cm failed \(exited 2\); its last words: mysqldump: Got error: 2013: Lost connection/,
		);
	});

	it('a dump stopped by Ctrl-C says so, and advises running again, not checking the MetaDB', async () => {
		await fakeClient('mysqldump', 'echo "-- MySQL dump"; sleep 30');
		const stop = new AbortController();
		setTimeout(() => stop.abort(new Error('SIGINT')), 200);
		const failed = await runMysqldump('/dev/null', 'oms_rm', join(directory, 'oms_rm.sql'), {
			idleMs: 20_000,
			signal: stop.signal,
		}).catch((error: unknown) => error as ExternalError);
		expect(failed).toMatchObject({
			message: 'mysqldump of oms_rm was stopped (interrupted); it said nothing.',
			hint: 'Run again: the backup step starts over.',
		});
	});

	it('a restore whose server stops reading fails within the deadline', async () => {
		await fakeClient('mysql', 'sleep 30');
		const input = join(directory, 'big.sql');
		await writeFile(input, 'INSERT INTO t VALUES (1);\n'.repeat(200_000));
		await expect(runMysqlRestore('/dev/null', 'oms_rm', input, limits(500))).rejects.toThrow(
			/restoring oms_rm from .* moved no byte for 0\.5 s/,
		);
	});
});

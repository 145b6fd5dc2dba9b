import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {attemptFiles} from '../../source/adapters/attempt-files.js';
import {newJournal} from '../../source/domain/journal.js';

const plan = {name: 'p', target: {version: '4.2.9-CE'}, nodes: [], metadb: undefined};
let workdir = '';
afterEach(async () => rm(workdir, {recursive: true, force: true}));

describe("the attempts' files in a workdir", () => {
	it('reads the open and closed journals, sizes each dump directory, finds reports and logs, and removes one directory', async () => {
		workdir = await mkdtemp(join(tmpdir(), 'oms-attempts-'));
		const closed = newJournal(plan, new Date('2026-11-25T03:00:00Z'));
		const open = newJournal(plan, new Date('2026-11-26T04:00:00Z'));
		await writeFile(join(workdir, `journal.${closed.attempt}.json`), JSON.stringify(closed));
		await writeFile(join(workdir, 'journal.json'), JSON.stringify(open));
		await writeFile(join(workdir, 'journal.json.123.1.abc.tmp'), '{');
		for (const [attempt, sizes] of [
			[closed.attempt, [10, 20]],
			[open.attempt, [5]],
			['20261101T000000', [7]],
		] as const) {
			await mkdir(join(workdir, 'backups', attempt), {recursive: true});
			for (const [index, size] of sizes.entries())
				await writeFile(join(workdir, 'backups', attempt, `db${index}.sql`), 'x'.repeat(size));
		}
		// The manifest beside the dumps counts in the bytes, not as a dump.
		await writeFile(join(workdir, 'backups', closed.attempt, 'manifest.json'), '{}');
		await mkdir(join(workdir, 'logs', closed.attempt), {recursive: true});
		await writeFile(join(workdir, 'logs', closed.attempt, '20261125T030001-run.log'), '');
		await writeFile(join(workdir, 'logs', closed.attempt, '20261125T040001-rollback.log'), '');
		await mkdir(join(workdir, 'reports'));
		await writeFile(
			join(workdir, 'reports', `${closed.attempt}.json`),
			JSON.stringify({attempt: closed.attempt, outcome: 'rolled-back'}),
		);
		await writeFile(join(workdir, 'report.json'), JSON.stringify({attempt: open.attempt, outcome: 'succeeded'}));
		const files = attemptFiles(workdir);

		expect((await files.journals()).map(entry => `${entry.journal.attempt} ${entry.open}`)).toEqual([
			`${closed.attempt} false`,
			`${open.attempt} true`,
		]);
		expect((await files.dumps()).map(entry => `${entry.attempt} ${entry.dumps} ${entry.bytes}`)).toEqual([
			'20261101T000000 1 7',
			`${closed.attempt} 2 32`,
			`${open.attempt} 1 5`,
		]);
		expect(await files.report(closed.attempt)).toEqual({
			file: join(workdir, 'reports', `${closed.attempt}.json`),
			content: {attempt: closed.attempt, outcome: 'rolled-back'},
		});
		// A report written before per-attempt copies: report.json serves the attempt it names, and no other.
		expect(await files.report(open.attempt)).toEqual({
			file: join(workdir, 'report.json'),
			content: {attempt: open.attempt, outcome: 'succeeded'},
		});
		expect(await files.report('20261101T000000')).toBeUndefined();
		expect(await files.logs(closed.attempt)).toEqual([
			join(workdir, 'logs', closed.attempt, '20261125T030001-run.log'),
			join(workdir, 'logs', closed.attempt, '20261125T040001-rollback.log'),
		]);
		expect(await files.logs(open.attempt)).toEqual([]);
		expect(await files.removeDumps(closed.attempt)).toBe(32);
		expect((await readdir(join(workdir, 'backups'))).sort()).toEqual(['20261101T000000', open.attempt]);
	});
});

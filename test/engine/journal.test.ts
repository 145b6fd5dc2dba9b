import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parsePlan} from '../../source/config/load-plan.js';
import {archiveJournal, openJournal, saveJournal} from '../../source/adapters/journal-file.js';
import {newJournal, planHash} from '../../source/domain/journal.js';

const planText = (extra = '') =>
	`target:\n  version: 4.2.9-CE\nnodes:\n  - host: 10.0.0.2\n    docker: unix:///var/run/docker.sock\n    container: oms_428\n${extra}`;

async function planIn(directory: string, extra = '') {
	return parsePlan(planText(extra), join(directory, 'prod.yaml'));
}

describe('the journal', () => {
	it('is written atomically, leaves no temp files, and is read back by the same plan', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'oms-journal-'));
		const plan = await planIn(directory);
		const journal = newJournal(plan);
		journal.t1 = '2026-11-24T16:00:00.000Z';
		await Promise.all([saveJournal(plan.workdir, journal), saveJournal(plan.workdir, journal)]);
		expect(await readdir(plan.workdir)).toEqual(['journal.json']);
		expect((await openJournal(plan)).t1).toBe('2026-11-24T16:00:00.000Z');
		expect(JSON.parse(await readFile(join(plan.workdir, 'journal.json'), 'utf8')).nodes).toEqual({
			'10.0.0.2': {oldContainerId: null, newContainerId: null, imageId: null, startMark: null, keptAs: null},
		});
	});

	it('refuses a journal from another plan, naming it', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'oms-journal-'));
		const first = await planIn(directory);
		await saveJournal(first.workdir, newJournal(first));
		const changed = parsePlan(planText().replace('oms_428', 'oms_427'), join(directory, 'prod.yaml'));
		expect(changed.workdir).toBe(first.workdir);
		await expect(openJournal(changed)).rejects.toThrow(
			new RegExp(
				`^${join(first.workdir, 'journal.json')} belongs to another plan \\(prod, started .+\\); it is not this plan's journal\\.$`,
			),
		);
	});

	it('does not change its hash when only timeouts change', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'oms-journal-'));
		expect(planHash(await planIn(directory, 'init: {minWaitSec: 5}\n'))).toBe(planHash(await planIn(directory)));
		expect(planHash(await planIn(directory, 'metadb: {passwordEnv: X}\n'))).not.toBe(planHash(await planIn(directory)));
	});

	it('is archived under its attempt after a rollback, so the next run is a new attempt', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'oms-journal-'));
		const plan = await planIn(directory);
		const first = newJournal(plan, new Date('2026-11-24T16:00:00Z'));
		expect(first.attempt).toBe('20261124T160000');
		await saveJournal(plan.workdir, first);
		await writeFile(join(plan.workdir, 'report.json'), '{}');
		await archiveJournal(plan.workdir, first.attempt);
		expect((await readdir(plan.workdir)).sort()).toEqual(['journal.20261124T160000.json', 'report.json']);
		const next = await openJournal(plan);
		expect(next.steps).toEqual({});
		expect(next.attempt).not.toBe(first.attempt);
	});

	it('refuses a journal of another format, saying which version of the tool to use', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'oms-journal-'));
		const plan = await planIn(directory);
		await saveJournal(plan.workdir, newJournal(plan));
		const file = join(plan.workdir, 'journal.json');
		for (const [format, advice] of [
			[3, /written by a newer oms-upgrade/],
			[1, /written by an older oms-upgrade/],
		] as const) {
			await writeFile(file, JSON.stringify({...JSON.parse(await readFile(file, 'utf8')), formatVersion: format}));
			await expect(openJournal(plan)).rejects.toThrow(
				new RegExp(`has journal format ${format}; this oms-upgrade reads format 2`),
			);
			await expect(openJournal(plan)).rejects.toMatchObject({hint: expect.stringMatching(advice), exitCode: 2});
		}
	});
});

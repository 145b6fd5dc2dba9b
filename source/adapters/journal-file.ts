import {readFile, rename} from 'node:fs/promises';
import {join} from 'node:path';
import type {Plan} from '../config/plan-types.js';
import {OmsError} from '../domain/errors.js';
import type {Journal} from '../domain/journal-types.js';
import {journalFormat, newJournal, planHash} from '../domain/journal.js';
import {writeJsonAtomic} from './json-file.js';

/** `workdir/journal.json`: the open attempt's journal, written atomically at every transition. */
export const journalFile = (workdir: string) => join(workdir, 'journal.json');

export async function readJournal(workdir: string): Promise<Journal | undefined> {
	let parsed: {formatVersion?: unknown};
	try {
		parsed = JSON.parse(await readFile(journalFile(workdir), 'utf8')) as {formatVersion?: unknown};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new OmsError(`cannot read ${journalFile(workdir)}: ${(error as Error).message}.`, {
			cause: error,
			hint: 'Move the damaged journal aside only if you know the state of every node.',
		});
	}
	if (parsed.formatVersion !== journalFormat) {
		const newer = typeof parsed.formatVersion === 'number' && parsed.formatVersion > journalFormat;
		throw new OmsError(
			`${journalFile(workdir)} has journal format ${String(parsed.formatVersion)}; this oms-upgrade reads format ${journalFormat}.`,
			{
				hint: newer
					? 'It was written by a newer oms-upgrade: use that version to resume or roll back.'
					: 'It was written by an older oms-upgrade: finish the upgrade or roll it back with that version first.',
				exitCode: 2,
			},
		);
	}
	return parsed as Journal;
}

/** This plan's open attempt: the journal in the workdir, refused when it belongs to another plan. */
export async function ownJournal(plan: Plan): Promise<Journal | undefined> {
	const existing = await readJournal(plan.workdir);
	if (existing && existing.planHash !== planHash(plan)) {
		throw new OmsError(
			`${journalFile(plan.workdir)} belongs to another plan (${existing.planName}, started ${existing.createdAt}); it is not this plan's journal.`,
			{
				hint: 'Use the plan file that started it, or give this plan its own workdir.',
				exitCode: 2,
			},
		);
	}
	return existing;
}

/** The journal for this plan: its open attempt, else a new attempt's. */
export async function openJournal(plan: Plan): Promise<Journal> {
	return (await ownJournal(plan)) ?? newJournal(plan);
}

export async function saveJournal(workdir: string, journal: Journal): Promise<void> {
	journal.updatedAt = new Date().toISOString();
	await writeJsonAtomic(journalFile(workdir), journal);
}

/** Keeps a closed attempt's journal beside the next one as `journal.<attempt>.json`. */
export async function archiveJournal(workdir: string, attempt: string): Promise<string> {
	const archived = join(workdir, `journal.${attempt}.json`);
	await rename(journalFile(workdir), archived);
	return archived;
}

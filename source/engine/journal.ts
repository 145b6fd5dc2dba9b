import {createHash} from 'node:crypto';
import {readFile, rename} from 'node:fs/promises';
import {join} from 'node:path';
import {writeJsonAtomic} from '../adapters/json-file.js';
import type {Plan} from '../config/plan-types.js';
import {OmsError} from '../domain/errors.js';
import type {Journal, StepId, StepRecord} from '../domain/journal-types.js';

export type {Journal} from '../domain/journal-types.js';

export const journalFile = (workdir: string) => join(workdir, 'journal.json');
export const journalFormat = 2;

/** A stable hash of what identifies an upgrade: target, nodes, MetaDB. Timeouts may change between runs. */
export function planHash(plan: Plan): string {
	const identity = {
		name: plan.name,
		target: plan.target,
		nodes: plan.nodes.map(({host, docker, container, newContainer}) => ({host, docker, container, newContainer})),
		metadb: plan.metadb,
	};
	return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** `20261125T031502`: sorts by time and is valid inside a container name. */
export function compactTime(at: Date = new Date()): string {
	return at.toISOString().replaceAll(/[-:]/g, '').slice(0, 15);
}

export function newJournal(plan: Plan, at: Date = new Date()): Journal {
	const iso = at.toISOString();
	return {
		formatVersion: journalFormat,
		attempt: compactTime(at),
		planHash: planHash(plan),
		planName: plan.name,
		from: null,
		to: plan.target.version,
		createdAt: iso,
		updatedAt: iso,
		t1: null,
		t2: null,
		t3: null,
		t4: null,
		haFound: null,
		haAfter: null,
		versionFixApplied: false,
		steps: {},
		nodes: Object.fromEntries(plan.nodes.map(node => [node.host, {oldContainerId: null, newContainerId: null, imageId: null, startMark: null, keptAs: null}])),
		rollback: null,
		runs: [],
	};
}

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
		throw new OmsError(`${journalFile(workdir)} has journal format ${String(parsed.formatVersion)}; this oms-upgrade reads format ${journalFormat}.`, {
			hint: newer
				? 'It was written by a newer oms-upgrade: use that version to resume or roll back.'
				: 'It was written by an older oms-upgrade: finish the upgrade or roll it back with that version first.',
			exitCode: 2,
		});
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

export function stepRecord(journal: Journal, id: StepId): StepRecord {
	return (journal.steps[id] ??= {status: 'pending', startedAt: null, finishedAt: null, reason: null, nodes: {}});
}

/** Finished in this attempt (a skip counts: the step decided nothing was needed). */
export function isDone(journal: Journal, id: StepId): boolean {
	const status = journal.steps[id]?.status;
	return status === 'succeeded' || status === 'skipped';
}

/** Has started at some point in this attempt, whatever became of it. */
export function hasStarted(journal: Journal, id: StepId): boolean {
	return (journal.steps[id]?.status ?? 'pending') !== 'pending';
}

import {createHash} from 'node:crypto';
import {readFile, rename} from 'node:fs/promises';
import {join} from 'node:path';
import {writeJsonAtomic} from '../adapters/json-file.js';
import type {Plan} from '../config/plan-types.js';
import {OmsError} from '../domain/errors.js';
import type {StepId} from '../steps/step-types.js';
import type {RunOutcome, StepStatus} from './events.js';

export type StepRecord = {
	status: StepStatus;
	startedAt: string | null;
	finishedAt: string | null;
	reason: string | null;
	/** Per-node sub-states of node and region steps. */
	nodes: Record<string, {status: StepStatus; startedAt: string | null; finishedAt: string | null; reason: string | null}>;
};

export type NodeRecord = {oldContainerId: string | null; newContainerId: string | null; imageId: string | null};

/** `workdir/journal.json`: everything a later run needs to resume, and nothing secret. */
export type Journal = {
	formatVersion: 1;
	planHash: string;
	planName: string;
	from: string | null;
	to: string;
	createdAt: string;
	updatedAt: string;
	t1: string | null;
	t2: string | null;
	t3: string | null;
	/** The raw ha.config value found before the upgrade changed it. */
	haFound: string | null;
	/** The ha.config value enable-ha wrote. */
	haAfter: string | null;
	steps: Partial<Record<StepId, StepRecord>>;
	nodes: Record<string, NodeRecord>;
	runs: Array<{id: string; command: 'run' | 'rollback'; startedAt: string; finishedAt: string | null; outcome: RunOutcome | 'running'}>;
};

export const journalFile = (workdir: string) => join(workdir, 'journal.json');

/** A stable hash of what identifies an upgrade: target, nodes, MetaDB. Timeouts may change between runs. */
export function planHash(plan: Plan): string {
	const identity = {name: plan.name, target: plan.target, nodes: plan.nodes.map(({host, docker, container, newContainer}) => ({host, docker, container, newContainer})), metadb: plan.metadb};
	return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

export function newJournal(plan: Plan): Journal {
	const at = new Date().toISOString();
	return {
		formatVersion: 1,
		planHash: planHash(plan),
		planName: plan.name,
		from: null,
		to: plan.target.version,
		createdAt: at,
		updatedAt: at,
		t1: null,
		t2: null,
		t3: null,
		haFound: null,
		haAfter: null,
		steps: {},
		nodes: Object.fromEntries(plan.nodes.map(node => [node.host, {oldContainerId: null, newContainerId: null, imageId: null}])),
		runs: [],
	};
}

export async function readJournal(workdir: string): Promise<Journal | undefined> {
	try {
		return JSON.parse(await readFile(journalFile(workdir), 'utf8')) as Journal;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new OmsError(`cannot read ${journalFile(workdir)}: ${(error as Error).message}.`, {cause: error, hint: 'Move the damaged journal aside only if you know the state of every node.'});
	}
}

/** The journal for this plan: the one in the workdir when it belongs to the same plan, else a new one. */
export async function openJournal(plan: Plan): Promise<Journal> {
	const existing = await readJournal(plan.workdir);
	if (!existing) return newJournal(plan);
	if (existing.planHash !== planHash(plan)) {
		throw new OmsError(`${journalFile(plan.workdir)} belongs to another plan (${existing.planName}, started ${existing.createdAt}); it is not this plan's journal.`, {
			hint: 'Use the plan file that started it, or give this plan its own workdir.',
			exitCode: 2,
		});
	}
	return existing;
}

export async function saveJournal(workdir: string, journal: Journal): Promise<void> {
	journal.updatedAt = new Date().toISOString();
	await writeJsonAtomic(journalFile(workdir), journal);
}

/** Keeps a finished upgrade's journal beside the new one as `journal.<run>.json`. */
export async function archiveJournal(workdir: string, runId: string): Promise<string> {
	const archived = join(workdir, `journal.${runId}.json`);
	await rename(journalFile(workdir), archived);
	return archived;
}

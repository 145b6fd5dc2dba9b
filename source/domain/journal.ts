import {createHash} from 'node:crypto';
import type {Journal, StepId, StepRecord} from './journal-types.js';

export type {Journal} from './journal-types.js';

/** What identifies an upgrade in a plan (config/plan-types' Plan has these and more). */
type PlanIdentity = {
	readonly name: string;
	readonly target: {readonly version: string};
	readonly nodes: ReadonlyArray<{
		readonly host: string;
		readonly docker: string;
		readonly container: string;
		readonly newContainer: string;
	}>;
	readonly metadb: unknown;
};

export const journalFormat = 2;

/** A stable hash of what identifies an upgrade: target, nodes, MetaDB. Timeouts may change between runs. */
export function planHash(plan: PlanIdentity): string {
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

export function newJournal(plan: PlanIdentity, at: Date = new Date()): Journal {
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
		versionFixWrittenAt: null,
		steps: {},
		nodes: Object.fromEntries(
			plan.nodes.map(node => [
				node.host,
				{oldContainerId: null, newContainerId: null, imageId: null, startMark: null, keptAs: null},
			]),
		),
		rollback: null,
		runs: [],
	};
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

import type {Journal, NodeRecord} from '../domain/journal-types.js';
import type {OutputReader, OutputStepId, RecordedOutputs, StepOutput} from '../domain/step-outputs.js';

/**
 * Journals one step output: the only code that puts a step's facts into the journal (the runner calls
 * it, then saves). T1 and T3 are the earliest stop of their step on any node.
 */
export function recordOutput(journal: Journal, output: StepOutput): void {
	switch (output.step) {
		case 'stage-image':
			nodeRecord(journal, output.node).imageId = output.imageId;
			return;
		case 'disable-ha':
			if ('versionFixWrittenAt' in output) {
				journal.versionFixWrittenAt ??= output.versionFixWrittenAt;
				return;
			}
			// The value to restore is the one before any change: never overwritten within the attempt.
			journal.haFound ??= output.haFound;
			return;
		case 'stop-old':
			nodeRecord(journal, output.node).oldContainerId = output.oldContainerId;
			if (output.stoppedAt) journal.t1 = earliest(journal.t1, output.stoppedAt);
			return;
		case 'start-new': {
			const record = nodeRecord(journal, output.node);
			record.newContainerId = output.newContainerId;
			if (output.startMark) record.startMark = output.startMark;
			return;
		}
		case 'init':
			journal.versionFixApplied = true;
			return;
		case 'enable-ha':
			journal.t2 = output.t2;
			journal.haAfter = output.haAfter;
			return;
		case 'rb-stop-new':
			journal.t3 = earliest(journal.t3, output.stoppedAt);
			return;
		case 'rb-start-old': {
			const record = nodeRecord(journal, output.node);
			if (output.keptAs) record.keptAs = output.keptAs;
			if (output.startMark) record.startMark = output.startMark;
			return;
		}
		case 'rb-verify':
			journal.t4 = output.t4;
			return;
		case 'rb-restore-ha':
			journal.haAfter = output.haAfter;
			return;
	}
}

const readers: {readonly [K in OutputStepId]: (journal: Journal) => RecordedOutputs[K]} = {
	'stage-image': journal => ({imageIds: perNode(journal, 'imageId')}),
	'disable-ha': journal => ({haFound: journal.haFound, versionFixWrittenAt: journal.versionFixWrittenAt ?? null}),
	'stop-old': journal => ({t1: journal.t1, oldContainerIds: perNode(journal, 'oldContainerId')}),
	'start-new': journal => ({
		newContainerIds: perNode(journal, 'newContainerId'),
		startMarks: perNode(journal, 'startMark'),
	}),
	init: journal => ({versionFixApplied: journal.versionFixApplied}),
	'enable-ha': journal => ({t2: journal.t2, haAfter: journal.haAfter}),
	'rb-stop-new': journal => ({t3: journal.t3}),
	'rb-start-old': journal => ({keptAs: perNode(journal, 'keptAs'), startMarks: perNode(journal, 'startMark')}),
	'rb-verify': journal => ({t4: journal.t4}),
	'rb-restore-ha': journal => ({haAfter: journal.haAfter}),
};

/**
 * Each node's start mark: the MetaDB's time before its current container started (start-new's, or rb-start-old's
 * after a rollback restarted the old one); none without a journal. Heartbeats no later than it are the previous OMS's.
 */
export function currentStartMarks(journal: Journal | null | undefined): Readonly<Record<string, string | null>> {
	return journal ? perNode(journal, 'startMark') : {};
}

/** Earlier steps' outputs as this attempt's journal holds them, read by step id (a copy: reading never writes). */
export function outputReader(journal: Journal): OutputReader {
	return step => readers[step](journal);
}

function nodeRecord(journal: Journal, host: string): NodeRecord {
	return (journal.nodes[host] ??= {
		oldContainerId: null,
		newContainerId: null,
		imageId: null,
		startMark: null,
		keptAs: null,
	});
}

function perNode<K extends keyof NodeRecord>(journal: Journal, field: K): Readonly<Record<string, NodeRecord[K]>> {
	return Object.fromEntries(Object.entries(journal.nodes).map(([host, record]) => [host, record[field]]));
}

const earliest = (current: string | null, candidate: string) =>
	current === null || candidate < current ? candidate : current;

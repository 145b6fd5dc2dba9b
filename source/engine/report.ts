import {join} from 'node:path';
import type {Plan} from '../config/plan-types.js';
import {backupsDir} from '../domain/dump-command.js';
import {attemptDowntimeSeconds, rollbackDowntimeSeconds} from '../domain/downtime.js';
import {roundSeconds} from '../domain/format.js';
import {parseHaConfig} from '../domain/ha-config.js';
import {redact} from '../domain/redact.js';
import type {Journal, RunOutcome, StepId} from '../domain/journal-types.js';
import type {WorkdirPort} from '../ports/workdir-port.js';
import {readManifest} from '../steps/backup-manifest.js';

export const reportFile = (workdir: string) => join(workdir, 'report.json');
/** Each attempt's own copy of its report: `report.json` is the latest attempt's, this one stays. */
const attemptReportFile = (workdir: string, attempt: string) => join(workdir, 'reports', `${attempt}.json`);

/** The report's outcome words (SPEC §5): a refusal leaves the upgrade paused where it was. */
export function reportOutcome(outcome: RunOutcome): 'succeeded' | 'paused' | 'failed' | 'interrupted' | 'rolled-back' {
	return outcome === 'refused' ? 'paused' : outcome;
}

/** `workdir/report.json` (SPEC §5): written when a run ends, whatever the outcome; `detail` says it in words. */
export async function writeReport(
	files: WorkdirPort,
	plan: Plan,
	journal: Journal,
	outcome: RunOutcome,
	detail: string,
	stepOrder: readonly StepId[],
	logFile: string,
): Promise<void> {
	const steps = stepOrder.flatMap(id => {
		const record = journal.steps[id];
		if (!record) return [];
		return [
			{
				id,
				node: null,
				status: record.status,
				startedAt: record.startedAt,
				finishedAt: record.finishedAt,
				reason: record.reason,
			},
			...Object.entries(record.nodes).map(([node, sub]) => ({
				id,
				node,
				status: sub.status,
				startedAt: sub.startedAt,
				finishedAt: sub.finishedAt,
				reason: sub.reason,
			})),
		];
	});
	const at = Date.now();
	const downtime = attemptDowntimeSeconds(journal, at);
	const rollbackDowntime = rollbackDowntimeSeconds(journal, at);
	const report = {
		outcome: reportOutcome(outcome),
		detail: redact(detail),
		attempt: journal.attempt,
		from: journal.from,
		to: journal.to,
		t1: journal.t1,
		t2: journal.t2,
		t3: journal.t3,
		t4: journal.t4,
		downtimeSec: downtime === null ? 0 : Math.round(downtime),
		rollbackDowntimeSec: rollbackDowntime === null ? null : Math.round(rollbackDowntime),
		rollback: journal.rollback,
		steps,
		backups: (await readManifest(files, backupsDir(plan.workdir, journal.attempt)))?.backups ?? [],
		nodes: plan.nodes.map(node => ({
			host: node.host,
			oldContainer: node.container,
			newContainer: node.newContainer,
			imageId: journal.nodes[node.host]?.imageId ?? null,
			keptAs: journal.nodes[node.host]?.keptAs ?? null,
		})),
		ha: {before: parsed(journal.haFound), after: parsed(journal.haAfter)},
		versionFix: {
			writtenBeforeDowntimeAt: journal.versionFixWrittenAt ?? null,
			writtenByInit: journal.versionFixApplied,
		},
		log: logFile,
		// The audit trail: every run of the command with who ran it, every run of every step (a failure,
		// then its retry), every question with its answer and who gave it.
		runs: journal.runs.map(run => ({...run, detail: run.detail === null ? null : redact(run.detail)})),
		stepRuns: journal.stepRuns ?? [],
		answers: journal.answers ?? [],
		// The forecast made before the downtime against what each step took (its last run).
		forecast: journal.forecast
			? {
					lowSec: journal.forecast.lowSec,
					highSec: journal.forecast.highSec,
					actualSec: downtime === null ? null : roundSeconds(downtime),
					dumpBytes: journal.forecast.dumpBytes,
					heartbeatRows: journal.forecast.heartbeatRows,
					steps: journal.forecast.steps.map(step => ({...step, actualSec: took(journal, step.step)})),
				}
			: null,
	};
	// report.json first: it is the contract; the attempt's own copy is for `history`.
	await files.writeJson(reportFile(plan.workdir), report);
	await files.writeJson(attemptReportFile(plan.workdir, journal.attempt), report);
}

function took(journal: Journal, id: StepId): number | null {
	const record = journal.steps[id];
	if (record?.status !== 'succeeded' || !record.startedAt || !record.finishedAt) return null;
	return roundSeconds((Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000);
}

function parsed(raw: string | null): Record<string, unknown> {
	return (raw === null ? undefined : parseHaConfig(raw)) ?? {};
}

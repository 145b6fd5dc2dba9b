import {join} from 'node:path';
import {consoleAdvice} from './console-advice.js';

/** A failure or warning of a run in its own words: a failed check, a step's cause on a node. */
export type Finding = {
	readonly level: 'error' | 'warn';
	readonly step: string | null;
	readonly node: string | null;
	readonly text: string;
};

/** One step's row of report.json (SPEC §5). */
type ReportStep = {
	readonly id: string;
	readonly node: string | null;
	readonly status: string;
	readonly startedAt: string | null;
	readonly finishedAt: string | null;
};

/** One end of one run of a step (report.json's stepRuns): a failure, then its retry, each its own row. */
type ReportStepRun = {
	readonly step: string;
	readonly node: string | null;
	readonly startedAt: string | null;
	readonly finishedAt: string | null;
};

/** report.json's forecast: the one made before the downtime, beside what each step took (null: not run). */
type ReportForecast = {
	readonly lowSec: number;
	readonly highSec: number;
	readonly actualSec: number | null;
	readonly steps: ReadonlyArray<{
		readonly step: string;
		readonly lowSec: number;
		readonly highSec: number;
		readonly basis: string;
		readonly actualSec: number | null;
	}>;
};

/** What the end-of-run panel shows, read from report.json once the run has written it. */
export type RunSummary = {
	readonly command: 'run' | 'rollback';
	readonly outcome: string;
	readonly detail: string;
	readonly attempt: string;
	readonly t1: string | null;
	readonly t2: string | null;
	readonly t4: string | null;
	readonly downtimeSec: number;
	readonly rollbackDowntimeSec: number | null;
	readonly steps: readonly ReportStep[];
	/** Every run of every step, a failed run and its retry alike; absent in reports written before it was kept. */
	readonly stepRuns?: readonly ReportStepRun[];
	/** Dumps with absolute paths. */
	readonly backups: ReadonlyArray<{readonly database: string; readonly path: string; readonly bytes: number}>;
	readonly reportFile: string;
	readonly logFile: string;
	/** Old containers kept (stopped after an upgrade), per node: `name@host`. */
	readonly oldContainers: readonly string[];
	/** The run's failures and warnings in their own words (the console saw them as they came). */
	readonly findings?: readonly Finding[];
	/** What the attempt leaves changed (OMS down since T1, HA off), in words; absent when nothing is. */
	readonly left?: string;
	/** The downtime forecast made before T1, beside the actual per step; absent or null when none was made. */
	readonly forecast?: ReportForecast | null;
};

type Report = Omit<RunSummary, 'command' | 'backups' | 'reportFile' | 'logFile' | 'oldContainers'> & {
	readonly backups?: ReadonlyArray<{readonly database: string; readonly file: string; readonly bytes: number}>;
	/** ha.config as the run left it (parsed), for the header. */
	readonly ha?: {readonly after?: {readonly enable?: unknown} | null};
	readonly log?: string;
	readonly nodes?: ReadonlyArray<{readonly host: string; readonly oldContainer: string}>;
};

/** The summary from report.json's parsed text; files named relative to the workdir become absolute. */
export function summaryFromReport(
	report: Report,
	command: 'run' | 'rollback',
	workdir: string,
	reportFile: string,
): RunSummary {
	return {
		command,
		outcome: report.outcome,
		detail: consoleAdvice(report.detail),
		attempt: report.attempt,
		t1: report.t1,
		t2: report.t2,
		t4: report.t4,
		downtimeSec: report.downtimeSec,
		rollbackDowntimeSec: report.rollbackDowntimeSec,
		steps: report.steps,
		stepRuns: report.stepRuns ?? [],
		backups: (report.backups ?? []).map(backup => ({
			database: backup.database,
			path: join(workdir, backup.file),
			bytes: backup.bytes,
		})),
		reportFile,
		logFile: report.log ?? '',
		oldContainers: (report.nodes ?? []).map(node => `${node.oldContainer}@${node.host}`),
		forecast: report.forecast ?? null,
	};
}

/**
 * How the downtime (T1 until T2, or T4 after a rollback) splits over the steps that ran inside it, every run
 * of each (a start-new that hung and failed, then its retry, are both start-new's); what no step covers is
 * time between steps, mostly the operator reading a question before answering it.
 */
export function downtimeSplit(summary: Pick<RunSummary, 't1' | 't2' | 't4' | 'steps' | 'stepRuns' | 'downtimeSec'>): {
	steps: Array<{id: string; seconds: number}>;
	betweenSec: number;
} {
	if (summary.t1 === null) return {steps: [], betweenSec: 0};
	const start = Date.parse(summary.t1);
	const ended = summary.t2 ?? summary.t4;
	const end = ended === null ? start + summary.downtimeSec * 1000 : Date.parse(ended);
	const runs = summary.stepRuns?.length ? summary.stepRuns.map(run => ({...run, id: run.step})) : summary.steps;
	const steps: Array<{id: string; seconds: number}> = [];
	for (const run of runs) {
		if (run.node !== null || run.startedAt === null || run.finishedAt === null) continue;
		const seconds = (Math.min(end, Date.parse(run.finishedAt)) - Math.max(start, Date.parse(run.startedAt))) / 1000;
		if (seconds <= 0) continue;
		const same = steps.find(step => step.id === run.id);
		if (same) same.seconds += seconds;
		else steps.push({id: run.id, seconds});
	}
	const covered = steps.reduce((total, step) => total + step.seconds, 0);
	return {steps, betweenSec: Math.max(0, (end - start) / 1000 - covered)};
}

import {attemptDowntimeSeconds, rollbackDowntimeSeconds} from '../domain/downtime.js';
import type {AnswerRecord, Journal, RunRecord, StepRunRecord} from '../domain/journal-types.js';
import type {Operator} from '../domain/operator.js';
import type {DumpDirectory} from '../ports/attempts-port.js';
import {reportOutcome} from './report.js';

/** One attempt as `history` lists it. */
export type AttemptSummary = {
	readonly attempt: string;
	/** journal.json's attempt: the one a run resumes; its dumps are never pruned. */
	readonly open: boolean;
	/** When it began (its journal's creation), or null for dumps whose journal is gone. */
	readonly startedAt: string | null;
	/** Who ran its first run, and from where. */
	readonly who: Operator | null;
	readonly from: string | null;
	readonly to: string | null;
	/** How its last run ended (`running` while one runs or was cut short by a kill), `unknown` without a journal. */
	readonly outcome: string;
	/** T1 → HA on (or the rollback's every node Online), whole seconds; null when nothing was stopped. */
	readonly downtimeSec: number | null;
	readonly rollbackDowntimeSec: number | null;
	/** The downtime forecast made before its downtime began; null when none was made. */
	readonly forecast: {readonly lowSec: number; readonly highSec: number} | null;
	/** Its dumps still in the workdir; null when none are. */
	readonly dumps: {readonly dumps: number; readonly bytes: number} | null;
};

/** The workdir's attempts, newest first: every journal, and any dump directory whose journal is gone. */
export function attemptSummaries(
	journals: ReadonlyArray<{readonly journal: Journal; readonly open: boolean}>,
	dumps: readonly DumpDirectory[],
	now: number,
): AttemptSummary[] {
	const dumpsOf = (attempt: string) => {
		const found = dumps.find(entry => entry.attempt === attempt);
		return found ? {dumps: found.dumps, bytes: found.bytes} : null;
	};
	const known = journals.map(({journal, open}): AttemptSummary => {
		const downtime = attemptDowntimeSeconds(journal, now);
		const rollback = rollbackDowntimeSeconds(journal, now);
		return {
			attempt: journal.attempt,
			open,
			startedAt: journal.createdAt,
			who: journal.runs.find(run => run.by)?.by ?? null,
			from: journal.from,
			to: journal.to,
			outcome: lastOutcome(journal.runs),
			downtimeSec: downtime === null ? null : Math.round(downtime),
			rollbackDowntimeSec: rollback === null ? null : Math.round(rollback),
			forecast: journal.forecast ? {lowSec: journal.forecast.lowSec, highSec: journal.forecast.highSec} : null,
			dumps: dumpsOf(journal.attempt),
		};
	});
	const orphans = dumps
		.filter(entry => !journals.some(({journal}) => journal.attempt === entry.attempt))
		.map((entry): AttemptSummary => ({
			attempt: entry.attempt,
			open: false,
			startedAt: null,
			who: null,
			from: null,
			to: null,
			outcome: 'unknown (no journal)',
			downtimeSec: null,
			rollbackDowntimeSec: null,
			forecast: null,
			dumps: {dumps: entry.dumps, bytes: entry.bytes},
		}));
	// Attempt ids are compact UTC times: sorting them sorts by when they began.
	return [...known, ...orphans].sort((a, b) => (a.attempt < b.attempt ? 1 : a.attempt > b.attempt ? -1 : 0));
}

function lastOutcome(runs: readonly RunRecord[]): string {
	const last = runs.at(-1);
	if (!last) return 'not run';
	return last.outcome === 'running' ? 'running' : reportOutcome(last.outcome);
}

/** The attempt an operator named: its exact id, or the one id it begins. */
export function findAttempt(summaries: readonly AttemptSummary[], named: string): AttemptSummary | string {
	const exact = summaries.find(summary => summary.attempt === named);
	if (exact) return exact;
	const matches = summaries.filter(summary => summary.attempt.startsWith(named));
	const [only] = matches;
	if (only && matches.length === 1) return only;
	const ids = summaries.map(summary => summary.attempt).join(', ') || 'none';
	return matches.length > 1
		? `"${named}" matches ${matches.length} attempts (${matches.map(match => match.attempt).join(', ')}); give more of the id.`
		: `no attempt "${named}" in this workdir (attempts: ${ids}).`;
}

/** One attempt in full: its summary and what its journal kept (steps with times, every run of them, the answers). */
export type AttemptDetail = AttemptSummary & {
	readonly runs: readonly RunRecord[];
	readonly steps: ReadonlyArray<{
		readonly id: string;
		readonly node: string | null;
		readonly status: string;
		readonly startedAt: string | null;
		readonly finishedAt: string | null;
		readonly reason: string | null;
	}>;
	readonly stepRuns: readonly StepRunRecord[];
	readonly answers: readonly AnswerRecord[];
	/** The forecast per downtime step, when one was made. */
	readonly forecastSteps: NonNullable<Journal['forecast']>['steps'];
	readonly logs: readonly string[];
	readonly report: string | null;
};

/** The attempt's detail from its journal (none: only what the summary knows). */
export function attemptDetail(
	summary: AttemptSummary,
	journal: Journal | undefined,
	logs: readonly string[],
	report: string | null,
	order: readonly string[],
): AttemptDetail {
	const steps = journal
		? order.flatMap(id => {
				const record = journal.steps[id as keyof Journal['steps']];
				if (!record) return [];
				const {status, startedAt, finishedAt, reason} = record;
				return [
					{id, node: null, status, startedAt, finishedAt, reason},
					...Object.entries(record.nodes).map(([node, sub]) => ({id, node, ...sub})),
				];
			})
		: [];
	return {
		...summary,
		runs: journal?.runs ?? [],
		steps,
		stepRuns: journal?.stepRuns ?? [],
		answers: journal?.answers ?? [],
		forecastSteps: journal?.forecast?.steps ?? [],
		logs,
		report,
	};
}

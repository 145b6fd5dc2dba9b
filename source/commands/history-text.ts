import {formatBytes, formatDuration, formatSeconds} from '../domain/format.js';
import {operatorText} from '../domain/operator.js';
import type {AttemptDetail, AttemptSummary} from '../engine/attempt-history.js';

const glyphs: Record<string, string> = {
	pending: '○',
	running: '…',
	succeeded: '✓',
	failed: '✗',
	skipped: '–',
	interrupted: '!',
};

/** `2026-11-25T03:00:01.000Z` → `2026-11-25 03:00:01Z`. */
export const when = (iso: string | null) => (iso === null ? '-' : `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`);
const clock = (iso: string | null) => (iso === null ? '--:--:--' : iso.slice(11, 19));
const span = (from: string | null, to: string | null) =>
	from && to ? ` (${formatDuration((Date.parse(to) - Date.parse(from)) / 1000)})` : '';

const forecastText = (summary: AttemptSummary) =>
	summary.forecast === null
		? ''
		: ` (forecast ${formatSeconds(summary.forecast.lowSec)}–${formatSeconds(summary.forecast.highSec)})`;
const downtimeText = (summary: AttemptSummary) =>
	`${summary.downtimeSec === null ? 'no downtime' : `downtime ${formatDuration(summary.downtimeSec)}`}${forecastText(summary)}`;
export const dumpsText = (summary: AttemptSummary) =>
	summary.dumps === null ? 'no dumps kept' : `${summary.dumps.dumps} dump(s), ${formatBytes(summary.dumps.bytes)}`;

/** The list: two lines per attempt, newest first. */
export function summaryLines(summaries: readonly AttemptSummary[]): string[] {
	return summaries.flatMap(summary => [
		`${summary.attempt}${summary.open ? ' (open)' : ''}  ${when(summary.startedAt)}  ${summary.who ? operatorText(summary.who) : 'by unknown'}`,
		`  ${summary.from ?? '?'} → ${summary.to ?? '?'} · ${summary.outcome} · ${downtimeText(summary)} · ${dumpsText(summary)}`,
	]);
}

/** One attempt: its runs, its steps with times, every run of a step that ran more than once, the answers, its files. */
export function detailLines(detail: AttemptDetail): string[] {
	const lines = [
		`Attempt ${detail.attempt}${detail.open ? ' (open)' : ''}: ${detail.from ?? '?'} → ${detail.to ?? '?'}, ${detail.outcome}`,
		`Started ${when(detail.startedAt)} by ${operatorText(detail.who)}; ${downtimeText(detail)}${
			detail.rollbackDowntimeSec === null ? '' : `, rollback downtime ${formatDuration(detail.rollbackDowntimeSec)}`
		}`,
		'Runs:',
		...detail.runs.map(
			run =>
				`  ${run.id} ${run.command} ${clock(run.startedAt)} → ${clock(run.finishedAt)} ${run.outcome}${run.by ? ` by ${operatorText(run.by)}` : ''}`,
		),
		'Steps:',
		...detail.steps.map(
			step =>
				`  ${step.node === null ? '' : '    '}${glyphs[step.status] ?? '?'} ${(step.node ?? step.id).padEnd(15)} ${clock(step.startedAt)} → ${clock(step.finishedAt)}${span(step.startedAt, step.finishedAt)} ${step.status}${step.reason ? `: ${step.reason}` : ''}`,
		),
	];
	const failed = new Set(
		detail.stepRuns.filter(run => run.status === 'failed' || run.status === 'interrupted').map(run => run.step),
	);
	if (failed.size > 0) {
		lines.push('Failures and retries (every run of those steps):');
		for (const run of detail.stepRuns.filter(entry => failed.has(entry.step) && entry.node === null))
			lines.push(
				`  ${run.step.padEnd(15)} ${run.run ?? '?'} ${clock(run.startedAt)} → ${clock(run.finishedAt)} ${run.status}${run.reason ? `: ${run.reason}` : ''}`,
			);
	}
	lines.push(detail.answers.length > 0 ? 'Questions and answers:' : 'Questions and answers: none recorded');
	for (const answer of detail.answers)
		lines.push(
			`  ${when(answer.answeredAt)} ${answer.step ?? answer.kind}: ${answer.answer}${answer.by === '--yes' ? ' (--yes)' : ''} by ${operatorText(answer.operator)}; asked: ${answer.question}`,
		);
	lines.push(
		`Dumps: ${detail.dumps === null ? 'none kept' : `${detail.dumps.dumps} dump(s), ${formatBytes(detail.dumps.bytes)}`}`,
	);
	lines.push(detail.logs.length > 0 ? 'Log files:' : 'Log files: none');
	for (const log of detail.logs) lines.push(`  ${log}`);
	lines.push(`Report: ${detail.report ?? 'none'}`);
	return lines;
}

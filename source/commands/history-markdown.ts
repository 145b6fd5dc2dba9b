import {formatBytes, formatDuration, formatSeconds} from '../domain/format.js';
import {operatorText} from '../domain/operator.js';
import type {AttemptDetail} from '../engine/attempt-history.js';
import {downtimeSteps} from '../engine/downtime-split.js';
import {when} from './history-text.js';

/** What the hand-over document reads of the attempt's report.json (all optional: older reports lack parts). */
type ReportContent = {
	readonly detail?: string;
	readonly t1?: string | null;
	readonly t2?: string | null;
	readonly nodes?: ReadonlyArray<{
		readonly host: string;
		readonly oldContainer: string;
		readonly newContainer: string;
		readonly imageId: string | null;
	}>;
	readonly backups?: ReadonlyArray<{
		readonly database: string;
		readonly file: string;
		readonly bytes: number;
		readonly sha256: string;
	}>;
	readonly ha?: {readonly before?: unknown; readonly after?: unknown};
};

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const table = (head: readonly string[], rows: ReadonlyArray<readonly string[]>) => [
	`| ${head.join(' | ')} |`,
	`|${head.map(() => '---').join('|')}|`,
	...rows.map(row => `| ${row.map(cell).join(' | ')} |`),
];

/**
 * `history ATTEMPT --markdown`: one self-contained document to hand to whoever asks how the window went:
 * what was upgraded, when, by whom, the downtime and its split per step, failures and retries, the
 * answers given, the dumps with their sha256, HA before and after, the outcome.
 */
export function attemptMarkdown(planName: string, detail: AttemptDetail, report: ReportContent | undefined): string {
	const lines: string[] = [
		`# OMS upgrade ${planName}: attempt ${detail.attempt}`,
		'',
		`- **Upgrade:** OMS ${detail.from ?? '?'} → ${detail.to ?? '?'}`,
		`- **Outcome:** ${detail.outcome}${report?.detail ? ` (${report.detail})` : ''}`,
		`- **Started:** ${when(detail.startedAt)} by ${operatorText(detail.who)}`,
		`- **Last run ended:** ${when(detail.runs.at(-1)?.finishedAt ?? null)}`,
		`- **Downtime (first docker stop → HA on):** ${detail.downtimeSec === null ? 'none: no OMS container was stopped' : formatDuration(detail.downtimeSec)}`,
		`- **Forecast before the downtime:** ${detail.forecast ? `${formatSeconds(detail.forecast.lowSec)}–${formatSeconds(detail.forecast.highSec)}` : 'none made'}`,
	];
	if (detail.rollbackDowntimeSec !== null)
		lines.push(`- **Rollback downtime:** ${formatDuration(detail.rollbackDowntimeSec)}`);
	lines.push('', '## Nodes', '');
	lines.push(
		...(report?.nodes?.length
			? table(
					['Node', 'Old container', 'New container', 'New image id'],
					report.nodes.map(node => [node.host, node.oldContainer, node.newContainer, node.imageId ?? '-']),
				)
			: ['No report.json for this attempt: the nodes are not recorded.']),
	);
	const split = downtimeSteps(detail.steps);
	lines.push('', '## Downtime per step', '');
	const forecastOf = (id: string) => {
		const step = detail.forecastSteps.find(entry => entry.step === id);
		return step ? `${formatSeconds(step.lowSec)}–${formatSeconds(step.highSec)} (${step.basis})` : '-';
	};
	lines.push(
		...(split.length > 0
			? table(
					['Step', 'Started', 'Finished', 'Took', 'Forecast'],
					split.map(step => [
						step.id,
						when(step.startedAt),
						when(step.finishedAt),
						formatSeconds(step.seconds),
						forecastOf(step.id),
					]),
				)
			: ['No step of the downtime ran.']),
	);
	const failures = detail.stepRuns.filter(run => run.status === 'failed' || run.status === 'interrupted');
	lines.push('', '## Failures and retries', '');
	if (detail.stepRuns.length === 0)
		lines.push('None recorded (journals of earlier versions of this tool keep only the last run of each step).');
	else if (failures.length === 0) lines.push('None: every step that ran, ran once and succeeded.');
	else
		lines.push(
			...table(
				['Step', 'Node', 'Run', 'Ended', 'Status', 'Why'],
				detail.stepRuns
					.filter(run => failures.some(failure => failure.step === run.step))
					.map(run => [
						run.step,
						run.node ?? '(all)',
						run.run ?? '-',
						when(run.finishedAt),
						run.status,
						run.reason ?? '',
					]),
			),
		);
	lines.push('', '## Questions and answers', '');
	lines.push(
		...(detail.answers.length > 0
			? table(
					['Answered', 'Step', 'Question', 'Answer', 'By', 'SSH session'],
					detail.answers.map(answer => [
						when(answer.answeredAt),
						answer.step ?? answer.kind,
						answer.question,
						answer.by === '--yes' ? `${answer.answer} (--yes)` : answer.answer,
						answer.operator ? `${answer.operator.user}@${answer.operator.host}` : 'unknown',
						answer.operator?.sshConnection ?? answer.operator?.sshClient ?? 'none',
					]),
				)
			: ['None recorded.']),
	);
	lines.push('', '## Dumps', '');
	const backups = report?.backups ?? [];
	lines.push(
		...(backups.length > 0
			? table(
					['Database', 'File', 'Size', 'sha256'],
					backups.map(entry => [entry.database, entry.file, formatBytes(entry.bytes), entry.sha256]),
				)
			: [
					report
						? 'No dump was taken in this attempt.'
						: 'No report.json for this attempt: its dumps are not recorded.',
				]),
	);
	lines.push(
		'',
		detail.dumps === null
			? 'The dumps are no longer in the workdir.'
			: `Still in the workdir: ${detail.dumps.dumps} dump(s), ${formatBytes(detail.dumps.bytes)}.`,
	);
	lines.push(
		'',
		'## HA (ha.config)',
		'',
		`- Before: \`${JSON.stringify(report?.ha?.before ?? {})}\``,
		`- After: \`${JSON.stringify(report?.ha?.after ?? {})}\``,
	);
	lines.push(
		'',
		'## Records',
		'',
		...detail.logs.map(log => `- Log: \`${log}\``),
		`- Report: \`${detail.report ?? 'none'}\``,
		'',
	);
	return lines.join('\n');
}

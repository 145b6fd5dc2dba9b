import {formatBytes} from '../../domain/format.js';
import {downtimeSplit, type RunSummary} from '../../store/run-summary.js';
import {forecastRange} from '../../engine/forecast-text.js';
import {clock} from '../glyphs.js';
import type {ViewLine} from './scroll-view.js';

export const summaryTitle = (summary: RunSummary) =>
	`${summary.command === 'rollback' ? 'Rollback' : 'Run'} ended: ${summary.outcome.replace('-', ' ')} · attempt ${summary.attempt} · esc closes, s reopens`;

const outcomeGlyph: Record<string, string> = {
	succeeded: '✓',
	'rolled-back': '✓',
	failed: '✗',
	interrupted: '!',
	paused: '⊘',
};

/** The end of a run or rollback: outcome, downtime and where it went, backups, files, what to do next. */
export function summaryLines(summary: RunSummary): ViewLine[] {
	const split = downtimeSplit(summary);
	const total =
		summary.t1 === null
			? 'none: nothing was stopped'
			: `${clock(summary.downtimeSec)}${(summary.t2 ?? summary.t4) ? '' : ' and counting: OMS is still down'}`;
	const lines: ViewLine[] = [
		{
			text: `${outcomeGlyph[summary.outcome] ?? '•'} ${saysOutcome(summary) ? '' : `${summary.outcome}: `}${summary.detail}`,
			bold: true,
			indent: 2,
			color: summary.outcome === 'failed' ? 'red' : undefined,
		},
		...findingLines(summary),
		...(summary.left
			? [{text: ''}, {text: 'What stays changed', bold: true}, {text: `  ${summary.left}`, indent: 2}]
			: []),
		{text: ''},
		{
			text: `Downtime  ${total}${summary.forecast ? `  (forecast ${forecastRange(summary.forecast.lowSec, summary.forecast.highSec)})` : ''}`,
			bold: true,
			indent: 10,
		},
		// A total, said with the total: the split below (and the forecast beside it) can run past the first screen.
		...(summary.rollbackDowntimeSec === null
			? []
			: [{text: `  the rollback's own downtime (T3 → T4) ${clock(summary.rollbackDowntimeSec)}`}]),
		...(summary.forecast ? besideForecast(summary, summary.forecast) : splitLines(split)),
		{text: ''},
		{text: `Backups (${summary.backups.length})`, bold: true},
		...(summary.backups.length === 0
			? [{text: '  none in this attempt'}]
			: summary.backups.map(backup => ({
					text: `  ${backup.database.padEnd(14)} ${formatBytes(backup.bytes).padStart(10)}  ${backup.path}`,
					indent: 4,
				}))),
		{text: ''},
		{text: 'Files', bold: true},
		{text: `  report  ${summary.reportFile}`, indent: 10},
		{text: `  log     ${summary.logFile}`, indent: 10},
		{text: ''},
		{text: 'Next', bold: true},
		...nextSteps(summary).map(text => ({text: `  ${text}`, indent: 2})),
	];
	return lines;
}

function splitLines(split: ReturnType<typeof downtimeSplit>): ViewLine[] {
	return [
		...split.steps.map(step => ({text: `  ${step.id.padEnd(16)} ${span(step.seconds).padStart(7)}`})),
		...(split.steps.length > 0 ? [betweenLine(split.betweenSec)] : []),
	];
}

const betweenLine = (seconds: number): ViewLine => ({
	text: `  ${'between steps'.padEnd(16)} ${span(seconds).padStart(7)}  (no step running: questions, waits)`,
});

/**
 * The split beside the forecast made before the downtime: each downtime step's actual (its part of T1 → HA on),
 * its forecast range and that figure's basis, then the time between steps; the totals are on the Downtime line.
 */
function besideForecast(summary: RunSummary, forecast: NonNullable<RunSummary['forecast']>): ViewLine[] {
	const split = downtimeSplit(summary);
	return [
		...forecast.steps.map(step => {
			// Its part of the downtime; a step that took no measurable part of it still shows its own time.
			const seconds = split.steps.find(candidate => candidate.id === step.step)?.seconds ?? step.actualSec;
			const actual = seconds === null ? '–' : span(seconds);
			const range = forecastRange(step.lowSec, step.highSec);
			return {
				text: `  ${step.step.padEnd(16)} ${actual.padStart(7)}  forecast ${range.padEnd(13)} ${step.basis}`,
				indent: 53,
			};
		}),
		...(summary.t1 === null ? [] : [betweenLine(split.betweenSec)]),
	];
}

/** Each failure, then each warning, in the run's own words, with the node and step they came from. */
function findingLines(summary: RunSummary): ViewLine[] {
	const findings = summary.findings ?? [];
	const section = (title: string, level: 'error' | 'warn'): ViewLine[] => {
		const chosen = findings.filter(finding => finding.level === level);
		if (chosen.length === 0) return [];
		return [
			{text: ''},
			{text: `${title} (${chosen.length})`, bold: true, color: level === 'error' ? 'red' : 'yellow'},
			...chosen.map(finding => {
				const where = [finding.step, finding.node ? `node ${finding.node}` : null].filter(Boolean).join(' · ');
				return {text: `  ${where ? `${where}: ` : ''}${finding.text}`, indent: 4};
			}),
		];
	};
	return [...section('What failed', 'error'), ...section('Warnings', 'warn')];
}

/** The detail usually begins with the outcome in words ("rolled back attempt …"): then it is not said twice. */
const saysOutcome = (summary: RunSummary) =>
	summary.detail.toLowerCase().startsWith(summary.outcome.replace('-', ' ')) ||
	summary.detail.startsWith(summary.outcome);

/** Seconds with a tenth under a minute (steps often take less than one), else m:ss. */
const span = (seconds: number) => (seconds < 60 ? `${seconds.toFixed(1)}s` : clock(seconds));

function nextSteps(summary: RunSummary): string[] {
	const old = summary.oldContainers.join(', ');
	switch (summary.outcome) {
		case 'succeeded':
			return summary.command === 'run' && summary.t2 !== null
				? [
						'Open the OMS console and check that the migration tasks run (Incr-Sync, Store); h shows what HA does to them.',
						'There, confirm that ha.config (System Management > System Parameters) shows HA enabled with the keys this run set (report.json, ha.after).',
						`The old containers (${old}) stay stopped and untouched: keep them until you are satisfied, then remove them yourself.`,
						'X rolls this attempt back while it is the current one.',
					]
				: ['The steps asked for are done; enter runs the next one.'];
		case 'rolled-back':
			return [
				'The old OMS runs as before the attempt; check it in the OMS console.',
				'The new containers are kept stopped, renamed with the attempt id, for their logs; the next run starts a new attempt and asks before removing them.',
			];
		case 'failed':
			return [
				'Fix what each failure above says, then R retries the failed step; or X rolls back.',
				'esc closes this view: the log beneath has every line, whole with tab and enter there.',
			];
		case 'interrupted':
			return ['Nothing is lost: the journal records where it stopped. a continues from there; X rolls back.'];
		case 'paused':
			// A No, or steps run one at a time: nothing to fix.
			return ['The message says where the run stopped and what stays changed; a continues from there and asks again.'];
		default:
			return ['The message says why nothing ran; fix that, then enter runs the step again.'];
	}
}

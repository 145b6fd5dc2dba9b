import {readFile} from 'node:fs/promises';
import type {RunOutcome} from '../domain/events.js';
import {readJournal} from '../adapters/journal-file.js';
import {stateWords} from '../engine/attempt-state.js';
import {reportFile} from '../engine/report.js';
import {consoleAdvice} from '../store/console-advice.js';
import type {PanelStore} from '../store/panel-store.js';
import {summaryFromReport} from '../store/run-summary.js';
import {nextStepIndex} from '../store/step-reducer.js';

/** Opens the end-of-run panel from report.json; a report that cannot be read is said in the log instead. */
export async function showSummary(
	store: PanelStore,
	workdir: string,
	command: 'run' | 'rollback',
	open: boolean,
): Promise<void> {
	const file = reportFile(workdir);
	try {
		const report = JSON.parse(await readFile(file, 'utf8')) as Parameters<typeof summaryFromReport>[0];
		const summary = summaryFromReport(report, command, workdir, file);
		// The header's HA as the run left it (a rollback that archived the journal leaves no step to read it from).
		const haAfter = report.ha?.after?.enable;
		if (typeof haAfter === 'boolean') store.getState().setHeader({haState: haAfter ? 'on' : 'off'});
		// The failures as the run said them, and what stays changed, read from the journal the run left.
		const left = stateWords(await readJournal(workdir).catch(() => undefined));
		store
			.getState()
			.showSummary(
				{...summary, findings: store.getState().findings, ...(left ? {left: consoleAdvice(left)} : {})},
				open,
			);
	} catch (error) {
		store.getState().note(`no summary: ${file} cannot be read (${(error as Error).message})`, 'warn');
	}
}

/**
 * The summary opens by itself when there is an ending to read: the upgrade complete, a rollback, a
 * failure or an interruption. One step run with enter, or a refusal (said in the footer), keeps it for `s`.
 */
export function opensSummary(outcome: RunOutcome, command: 'run' | 'rollback', store: PanelStore): boolean {
	if (outcome === 'paused' || outcome === 'refused') return false;
	return !(outcome === 'succeeded' && command === 'run' && nextStepIndex(store.getState().steps) !== -1);
}

import type {CliArgs} from '../cli-args.js';
import {liveWiring, type AppWiring} from '../app/wiring.js';
import {OmsError} from '../domain/errors.js';
import {formatBytes} from '../domain/format.js';
import {attemptDetail, attemptSummaries, findAttempt, type AttemptSummary} from '../engine/attempt-history.js';
import type {AttemptsPort} from '../ports/attempts-port.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import {Answers} from './answers.js';
import {attemptMarkdown} from './history-markdown.js';
import {detailLines, dumpsText, summaryLines} from './history-text.js';
import type {Output} from './output.js';

/** Asks the operator a yes/no question; the default reads a line on stdin. */
export type Confirm = (question: string) => Promise<boolean>;

/**
 * `history`: the workdir's attempts, newest first; `history ATTEMPT` one attempt in full (`--markdown`
 * a report to hand over); `history --prune --keep N` removes the dumps of closed attempts beyond the newest N.
 * Reads the workdir only (no cluster needed); only --prune changes anything, and asks first.
 */
export async function historyCommand(
	args: CliArgs,
	out: Output,
	wiring: AppWiring = liveWiring,
	confirm: Confirm = askOnStdin(out),
): Promise<number> {
	const plan = await wiring.loadPlan(args.config);
	const files = wiring.attempts(plan);
	const journals = await files.journals();
	const summaries = attemptSummaries(journals, await files.dumps(), Date.now());
	if (args.history.prune) return prune(summaries, args.history.prune.keep, args.yes, out, files, confirm);
	const named = args.history.attempt;
	if (named === undefined) {
		if (args.json) out.line(JSON.stringify({workdir: plan.workdir, attempts: summaries}, null, 2));
		else if (summaries.length === 0) out.line(`No attempts in ${plan.workdir}: this plan has not been run from here.`);
		else {
			out.line(`Attempts in ${plan.workdir}, newest first:`);
			for (const line of summaryLines(summaries)) out.line(line);
		}
		return 0;
	}
	const found = findAttempt(summaries, named);
	if (typeof found === 'string')
		throw new OmsError(found, {hint: 'See `oms-upgrade history` for the attempts.', exitCode: 2});
	const journal = journals.find(entry => entry.journal.attempt === found.attempt)?.journal;
	if (args.history.console) {
		if (!journal)
			throw new OmsError(
				`attempt ${found.attempt} has no journal left in ${plan.workdir}: the console has nothing to show.`,
				{
					hint: `\`oms-upgrade history ${found.attempt}\` shows what is known of it.`,
					exitCode: 2,
				},
			);
		return (await import('./past-console.js')).pastConsole(plan, journal, files);
	}
	const report = await files.report(found.attempt);
	const order = [...upgradeSteps, ...rollbackSteps].map(step => step.id);
	const detail = attemptDetail(found, journal, await files.logs(found.attempt), report?.file ?? null, order);
	if (args.history.markdown)
		out.line(attemptMarkdown(plan.name, detail, report?.content as Parameters<typeof attemptMarkdown>[2]));
	else if (args.json) out.line(JSON.stringify({...detail, reportContent: report?.content ?? null}, null, 2));
	else for (const line of detailLines(detail)) out.line(line);
	return 0;
}

async function prune(
	summaries: readonly AttemptSummary[],
	keep: number,
	yes: boolean,
	out: Output,
	files: AttemptsPort,
	confirm: Confirm,
): Promise<number> {
	// The open attempt (journal.json's) is never a candidate: a rollback of it needs its dumps.
	const closed = summaries.filter(summary => !summary.open);
	const doomed = closed.slice(keep).filter(summary => summary.dumps !== null);
	if (doomed.length === 0) {
		out.line(
			`Nothing to prune: ${closed.length} closed attempt(s), the newest ${keep} keep their dumps, and no older one has dumps left.`,
		);
		return 0;
	}
	const bytes = doomed.reduce((sum, summary) => sum + (summary.dumps?.bytes ?? 0), 0);
	out.line(
		`The dumps of ${doomed.length} closed attempt(s) would be removed (${formatBytes(bytes)}); the open attempt's and the newest ${keep} closed attempts' stay:`,
	);
	for (const summary of doomed) out.line(`  ${summary.attempt}  ${summary.outcome} · ${dumpsText(summary)}`);
	if (!yes && !(await confirm(`Remove these dumps (${formatBytes(bytes)})? They cannot be restored afterwards.`))) {
		out.line('Nothing was removed.');
		return 1;
	}
	let freed = 0;
	for (const summary of doomed) freed += await files.removeDumps(summary.attempt);
	out.line(`Removed the dumps of ${doomed.length} attempt(s): ${formatBytes(freed)} freed.`);
	return 0;
}

function askOnStdin(out: Output): Confirm {
	return async question => {
		const answers = new Answers();
		try {
			out.error(question);
			const answer = await answers.next('Proceed? [y/N] ', new AbortController().signal);
			// From a pipe or a file the answer is shown, so the output reads as a dialogue (as `run` does).
			if (!process.stdin.isTTY) out.error(answer === undefined ? '(end of input: No)' : answer);
			return answer !== undefined && /^(y|yes)$/i.test(answer.trim());
		} finally {
			answers.close();
		}
	};
}

import {describeError} from '../domain/errors.js';
import {verifiedDumps} from '../steps/backup-manifest.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now} from '../domain/events.js';
import {observe} from './observe.js';
import type {RunContext} from './run-context.js';
import type {LoopOptions, RunResult} from './run-result.js';
import {decideRollback, inScope, nextRollbackStep, rulebook, unmetBeforehand, type LiveFacts} from './rulebook.js';
import {rollbackStepIds} from '../domain/journal-types.js';
import {rollbackQuestion} from './selection.js';
import {interrupted, refused, runSelected} from './step-loop.js';
import {versionFixStays} from '../steps/version-fix.js';
import {adviceWords} from '../domain/advice-words.js';

/**
 * Undoes what this attempt did: the scope is decided once (journal, confirmed by the live cluster) and
 * kept in the journal, so a resumed rollback does the same; the steps then run under the rulebook like
 * the upgrade's. Steps outside the scope are skipped with why.
 */
export async function runRollback(
	ctx: RunContext,
	selected: readonly StepDefinition[],
	options: LoopOptions,
): Promise<RunResult> {
	const {journal, model} = ctx;
	const first = selected[0]?.id ?? rollbackStepIds[0];
	let live: LiveFacts;
	let dumps: Awaited<ReturnType<typeof verifiedDumps>> | undefined;
	try {
		// Every node must answer, and the dumps be read, before anything changes: a rollback never begins half blind.
		live = await observe(model, journal.attempt);
		if (!journal.rollback) dumps = await verifiedDumps(ctx.files, model.plan.workdir, ctx.backupsDir, model.databases);
	} catch (error) {
		if (options.signal.aborted) return interrupted(first);
		return {
			outcome: 'failed',
			exitCode: 1,
			message: `failed at ${first}: the cluster or the backups could not be read, so nothing was changed: ${describeError(error)}`,
		};
	}
	const scope = journal.rollback ?? decideRollback(journal, live, now());
	if (!journal.rollback && dumps) {
		// The dumps are checked before anything stops: a rollback that cannot restore must not begin.
		const needsDumps = rollbackStepIds.find(id => rulebook[id].dumps && inScope(id, scope.kind));
		if (needsDumps && 'problem' in dumps)
			return {
				outcome: 'refused',
				exitCode: 2,
				message: `refused at ${needsDumps}: ${dumps.problem}. Nothing was changed; find intact dumps of this attempt before rolling back.`,
			};
		// A selection the rulebook refuses is refused before the question, and the scope is not journaled.
		const beforehand = unmetBeforehand(
			journal,
			selected.map(step => step.id),
			scope.kind,
		);
		if (beforehand) return refused(beforehand.step, beforehand.reason);
		const question = rollbackQuestion(model, journal.attempt, scope, 'takenAt' in dumps ? dumps.takenAt : undefined);
		const yes = await options.confirm(question);
		if (options.signal.aborted) return interrupted(first);
		if (!yes)
			return {outcome: 'paused', exitCode: 1, message: 'paused: the rollback was not confirmed; nothing was changed.'};
		ctx.log(null, question);
		journal.rollback = scope;
		try {
			await ctx.save();
		} catch (error) {
			return {
				outcome: 'failed',
				exitCode: 1,
				message: `failed at ${first}: the rollback's scope could not be journaled, so nothing was changed: ${describeError(error)}`,
			};
		}
	}
	const early = await runSelected(ctx, selected, options, {
		kind: scope.kind,
		reason: scope.reason,
		resume: 'Run the rollback again to resume it.',
	});
	if (early) return early;
	const open = nextRollbackStep(journal, scope.kind);
	if (open && options.signal.aborted) return interrupted(open);
	if (open)
		return {
			outcome: 'paused',
			exitCode: 0,
			message: `paused at ${open} (rollback): the selected steps are done; ${adviceWords.rollbackAgain.line}.`,
		};
	const ha = journal.haAfter === null ? '' : ` ha.config is now ${journal.haAfter}.`;
	// A step's own words that carry a proof ("restored N tables, row counts equal") end the rollback's too; a
	// dry run restored nothing, so it has none.
	const proof = options.dryRun
		? undefined
		: rollbackStepIds
				.map(id =>
					journal.steps[id]?.status === 'succeeded'
						? rulebook[id].proves?.exec(journal.steps[id]?.reason ?? '')?.[0]
						: undefined,
				)
				.find(Boolean);
	const fix = versionFixStays(journal, ctx.model.rmDb);
	return {
		outcome: 'rolled-back',
		exitCode: 0,
		message: `rolled back attempt ${journal.attempt}: ${scope.reason}${proof ? `; ${proof}` : ''}.${ha}${fix ? ` Of the upgrade, ${fix}.` : ''}`,
	};
}

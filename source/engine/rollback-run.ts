import {describeError} from '../domain/errors.js';
import {rollbackStepIds} from '../domain/journal-types.js';
import {verifiedDumps} from '../steps/backup-manifest.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now} from './events.js';
import {isDone, stepRecord} from './journal.js';
import {observe} from './observe.js';
import type {RunContext} from './run-context.js';
import type {LoopOptions, RunResult} from './run-result.js';
import {rollbackQuestion} from './selection.js';
import {runStep, skipStep} from './step-runner.js';
import {interrupted} from './upgrade-run.js';
import {decideRollback, nothingRunning, ofAttempt, rollbackSkip, type LiveFacts} from './upgrade-machine.js';

/**
 * Undoes what this attempt did: the scope is decided once (journal, confirmed by the live cluster) and
 * kept in the journal, so a resumed rollback does the same. Steps outside the scope are skipped with why.
 */
export async function runRollback(ctx: RunContext, selected: readonly StepDefinition[], options: LoopOptions): Promise<RunResult> {
	const {journal, model} = ctx;
	let live: LiveFacts;
	let dumps: Awaited<ReturnType<typeof verifiedDumps>> | undefined;
	try {
		// Every node must answer, and the dumps be read, before anything changes: a rollback never begins half blind.
		live = await observe(model, journal.attempt);
		if (!journal.rollback) dumps = await verifiedDumps(ctx.files, model.plan.workdir, ctx.backupsDir, model.databases);
	} catch (error) {
		return {
			outcome: 'failed',
			exitCode: 1,
			message: `failed at ${selected[0]?.id ?? 'rb-disable-ha'}: the cluster or the backups could not be read, so nothing was changed: ${describeError(error)}`,
		};
	}
	const scope = journal.rollback ?? decideRollback(journal, live, now());
	if (!journal.rollback && dumps) {
		// The dumps are checked before anything stops: a rollback that cannot restore must not begin.
		if (scope.kind === 'restore' && 'problem' in dumps) {
			return {
				outcome: 'refused',
				exitCode: 2,
				message: `refused at rb-restore: ${dumps.problem}. Nothing was changed; find intact dumps of this attempt before rolling back.`,
			};
		}
		const question = rollbackQuestion(model, journal.attempt, scope, 'takenAt' in dumps ? dumps.takenAt : undefined);
		if (!options.yes) {
			const yes = await options.confirm(question);
			if (options.signal.aborted) return interrupted('rb-disable-ha');
			if (!yes) return {outcome: 'paused', exitCode: 1, message: 'paused: the rollback was not confirmed; nothing was changed.'};
		}
		ctx.log(null, question);
		journal.rollback = scope;
		try {
			await ctx.save();
		} catch (error) {
			return {
				outcome: 'failed',
				exitCode: 1,
				message: `failed at rb-disable-ha: the rollback's scope could not be journaled, so nothing was changed: ${describeError(error)}`,
			};
		}
	}
	for (const step of selected) {
		if (!options.explicit && isDone(journal, step.id)) {
			options.bus.emit({
				type: 'step-finished',
				at: now(),
				step: step.id,
				node: null,
				status: 'skipped',
				reason: `done earlier in this rollback (${stepRecord(journal, step.id).finishedAt})`,
			});
			continue;
		}
		if (options.signal.aborted) return interrupted(step.id);
		ctx.current = step.id;
		try {
			const skip = rollbackSkip(step.id, scope, journal);
			if (skip) {
				await skipStep(step, ctx, options.bus, skip);
				continue;
			}
			const unmet = await unmetForRollback(step.id, ctx, () => observe(model, journal.attempt));
			if (unmet) {
				options.bus.emit({type: 'step-finished', at: now(), step: step.id, node: null, status: 'refused', reason: unmet});
				return {outcome: 'refused', exitCode: 2, message: `refused at ${step.id}: ${unmet}. Nothing of ${step.id} was done.`};
			}
			await runStep(step, ctx, options.bus);
		} catch (error) {
			if (options.signal.aborted) return interrupted(step.id);
			return {outcome: 'failed', exitCode: 1, message: `failed at ${step.id}: ${describeError(error)} Run the rollback again to resume it.`};
		} finally {
			ctx.current = null;
		}
	}
	const open = rollbackStepIds.find(id => !isDone(journal, id));
	if (open && options.signal.aborted) return interrupted(open);
	if (open)
		return {
			outcome: 'paused',
			exitCode: 0,
			message: `paused at ${open} (rollback): the selected steps are done; run \`oms-upgrade rollback\` again to finish it.`,
		};
	return {outcome: 'rolled-back', exitCode: 0, message: `rolled back attempt ${journal.attempt}: ${scope.reason}.`};
}

/** Facts over memory before the steps that destroy or restart: the cluster must agree with the plan. */
async function unmetForRollback(id: string, ctx: RunContext, look: () => Promise<LiveFacts>): Promise<string | undefined> {
	if (id === 'rb-restore') {
		const running = nothingRunning(await look(), ctx.journal);
		if (running) return running;
		const dumps = await verifiedDumps(ctx.files, ctx.model.plan.workdir, ctx.backupsDir, ctx.model.databases);
		return 'problem' in dumps ? dumps.problem : undefined;
	}
	if (id === 'rb-start-old') {
		const running = (await look()).nodes.filter(node => node.fresh?.running && ofAttempt(node.fresh, ctx.journal.attempt));
		if (running.length > 0)
			return `this attempt's new container still runs on ${running.map(node => node.host).join(', ')}: both would share the host network and the mounts`;
	}
	return undefined;
}

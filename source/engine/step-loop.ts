import {describeError, OmsError} from '../domain/errors.js';
import type {StepId} from '../domain/journal-types.js';
import {verifiedDumps} from '../steps/backup-manifest.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now} from '../domain/events.js';
import {isDone, stepRecord} from '../domain/journal.js';
import type {LiveFacts} from './live-facts.js';
import {observe} from './observe.js';
import type {RunContext} from './run-context.js';
import type {LoopOptions, RunResult} from './run-result.js';
import {redoUndoes, rulebook, skipReason, unmetBeforehand, unmetNow, type Scope} from './rulebook.js';
import {confirmationText} from './selection.js';
import {downtimeStepIds} from './downtime-split.js';
import {runStep, skipStep} from './step-runner.js';
import {sentence} from '../domain/format.js';

/** How a run paused by a No ends: the next run begins at the step that was not confirmed. */
export const continueFromHere = 'run again to continue from here.';

/** Where the loop runs: the upgrade, or a rollback of the scope this attempt decided. */
type LoopScope = {
	readonly kind: Scope;
	/** Said when a step is skipped for being outside the scope. */
	readonly reason: string;
	/** The words that end a failure: how to resume. */
	readonly resume: string;
};

/**
 * Runs the selected steps in order under the rulebook, for either direction: a step done earlier is
 * skipped (unless --only named it), a step outside the scope is skipped with why, a step whose rule does
 * not hold is refused, a step's question (or an offer) is asked before it. Nothing here knows a step by
 * its id. Resolves to how the run ended early, or undefined when every selected step is done.
 */
export async function runSelected(
	ctx: RunContext,
	selected: readonly StepDefinition[],
	options: LoopOptions,
	scope: LoopScope,
): Promise<RunResult | undefined> {
	const {journal} = ctx;
	const ids = selected.map(step => step.id);
	const beforehand = unmetBeforehand(journal, ids, scope.kind);
	if (beforehand) return refused(beforehand.step, beforehand.reason);
	const confirmed = new Set<StepId>();
	for (const step of selected) {
		const {id} = step;
		const rule = rulebook[id];
		if (!options.explicit && !rule.everyRun && isDone(journal, id)) {
			const previous = stepRecord(journal, id);
			const where = scope.kind === 'upgrade' ? 'this attempt' : 'this rollback';
			options.bus.emit({
				type: 'step-finished',
				at: now(),
				step: id,
				node: null,
				status: 'skipped',
				reason: `done earlier in ${where} (${previous.finishedAt})${previous.reason ? `: ${previous.reason}` : ''}`,
			});
			continue;
		}
		await options.betweenSteps?.();
		if (options.signal.aborted) return interrupted(id);
		ctx.current = id;
		try {
			const skip = skipReason(id, scope.kind, journal, scope.reason);
			if (skip) {
				await skipStep(step, ctx, options.bus, skip);
				continue;
			}
			let live: LiveFacts;
			let unmet: string | undefined;
			try {
				live = rule.live || rule.readsLive ? await observe(ctx.model, journal.attempt) : {nodes: []};
				unmet =
					(options.explicit ? redoUndoes(journal, id) : undefined) ??
					unmetNow(journal, id, live, scope.kind) ??
					(rule.dumps ? await dumpsProblem(ctx) : undefined);
			} catch (error) {
				if (options.signal.aborted) return interrupted(id);
				return {
					outcome: 'failed',
					exitCode: 1,
					message: `failed at ${id}: its preconditions could not be checked, so nothing of it was done: ${describeError(error)}`,
				};
			}
			if (unmet) {
				options.bus.emit({type: 'step-finished', at: now(), step: id, node: null, status: 'refused', reason: unmet});
				return refused(id, unmet);
			}
			const stop = await ask(ctx, step, selected, live, options, confirmed);
			if (stop) return stop;
			await runStep(step, ctx, options.bus);
		} catch (error) {
			if (options.signal.aborted) return interrupted(id);
			const exitCode = error instanceof OmsError && error.exitCode === 3 ? 3 : 1;
			return {outcome: 'failed', exitCode, message: `failed at ${id}: ${describeError(error)} ${scope.resume}`};
		} finally {
			ctx.current = null;
		}
	}
	return undefined;
}

/** The step's question (its own, or the later step's it leads to), then its offer: a No pauses the run. */
async function ask(
	ctx: RunContext,
	step: StepDefinition,
	selected: readonly StepDefinition[],
	live: LiveFacts,
	options: LoopOptions,
	confirmed: Set<StepId>,
): Promise<RunResult | undefined> {
	const {id} = step;
	const rule = rulebook[id];
	const asked =
		rule.asks === id
			? step
			: selected.find(candidate => candidate.id === rule.asks && !isDone(ctx.journal, candidate.id));
	// Run alone (enter in the console, --only), a step that leads to a later step's question (HA off on the
	// way to stopping OMS) still asks, in its own words: it changes the live cluster as much as with it.
	if (!asked && rule.asks !== undefined && rule.asks !== id && !isDone(ctx.journal, rule.asks) && !confirmed.has(id)) {
		const yes = await options.confirm(
			`Run ${id} alone: ${rule.changes}, while OMS still runs (${rule.asks} is not run now and asks its own question).`,
		);
		if (options.signal.aborted) return interrupted(id);
		if (!yes)
			return {
				outcome: 'paused',
				exitCode: 1,
				message: `paused at ${id}: not confirmed, so nothing of ${id} was done; ${continueFromHere}`,
			};
		confirmed.add(id);
	}
	if (asked && !confirmed.has(asked.id)) {
		const question = confirmationText(asked, ctx.model, live, ctx.journal);
		// Asked for a later step: the checklist shows this one next, so the question says it runs first.
		// The question that starts the downtime carries the forecast, for a caller that shows more than a line.
		const forecast = asked.id === downtimeStepIds[0] ? ctx.journal.forecast : undefined;
		const yes = await options.confirm(
			asked === step ? question : `${question} ${id} runs first (${rule.changes}).`,
			forecast ? {forecast} : undefined,
		);
		if (options.signal.aborted) return interrupted(id);
		if (!yes)
			return {
				outcome: 'paused',
				exitCode: 1,
				message: `paused at ${id}: ${asked.id} was not confirmed, so nothing of ${id} was done; ${continueFromHere}`,
			};
		confirmed.add(asked.id);
	}
	const offer = rule.offers;
	const why = offer?.applies(ctx);
	if (offer && why) {
		const yes = await options.confirm(offer.question(ctx, why));
		if (options.signal.aborted) return interrupted(id);
		if (!yes) return {outcome: 'paused', exitCode: 1, message: `paused at ${id}: ${offer.declined}.`};
		await offer.apply(ctx);
	}
	return undefined;
}

async function dumpsProblem(ctx: RunContext): Promise<string | undefined> {
	const dumps = await verifiedDumps(ctx.files, ctx.model.plan.workdir, ctx.backupsDir, ctx.model.databases);
	return 'problem' in dumps ? dumps.problem : undefined;
}

export function refused(step: StepId, reason: string): RunResult {
	return {
		outcome: 'refused',
		exitCode: 2,
		message: `refused at ${step}: ${sentence(reason)} Nothing of ${step} was done.`,
	};
}

export function interrupted(step: string): RunResult {
	return {
		outcome: 'interrupted',
		exitCode: 130,
		message: `interrupted at ${step}; the journal is kept, run again to resume.`,
	};
}

import {describeError, OmsError} from '../domain/errors.js';
import {upgradeStepIds, type UpgradeStepId} from '../domain/journal-types.js';
import {verifiedDumps} from '../steps/backup-manifest.js';
import {recordSourceVersion, versionFixQuestion, versionRefusal, versionRowMissing} from '../steps/version-fix.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now} from './events.js';
import {isDone, stepRecord} from './journal.js';
import {observe} from './observe.js';
import type {RunContext} from './run-context.js';
import type {LoopOptions, RunResult} from './run-result.js';
import {confirmationText} from './selection.js';
import {runStep} from './step-runner.js';
import {nextUpgradeStep, unmetBeforehand, unmetNow, upgradePreconditions, type LiveFacts} from './upgrade-machine.js';

/**
 * The upgrade's steps in order, each only when its preconditions hold (engine/upgrade-machine). Every
 * run starts with preflight, whatever was selected. Returns how the run ended, in the contract's terms.
 */
export async function runUpgrade(ctx: RunContext, selected: readonly StepDefinition[], options: LoopOptions): Promise<RunResult> {
	const {journal} = ctx;
	const ids = selected.map(step => step.id as UpgradeStepId);
	const beforehand = unmetBeforehand(journal, ids);
	if (beforehand) return refused(beforehand.step, beforehand.reason);
	const confirmed = new Set<string>();
	for (const step of selected) {
		const id = step.id as UpgradeStepId;
		if (!options.explicit && id !== 'preflight' && isDone(journal, id)) {
			const previous = stepRecord(journal, id);
			options.bus.emit({
				type: 'step-finished',
				at: now(),
				step: id,
				node: null,
				status: 'skipped',
				reason: `done earlier in this attempt (${previous.finishedAt}): ${previous.reason ?? ''}`,
			});
			continue;
		}
		if (options.signal.aborted) return interrupted(id);
		let live: LiveFacts;
		let unmet: string | undefined;
		try {
			live = needsLive(id) ? await observe(ctx.model, journal.attempt) : {nodes: []};
			unmet = unmetNow(journal, id, live) ?? (upgradePreconditions[id].dumps ? await dumpsProblem(ctx) : undefined);
		} catch (error) {
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
		// Disabling HA only leads to stopping OMS: ask the stop-old question before HA is touched.
		const asks =
			id === 'disable-ha' && ids.includes('stop-old') && !isDone(journal, 'stop-old')
				? selected.find(candidate => candidate.id === 'stop-old')
				: step.destructive
					? step
					: undefined;
		if (asks && !options.yes && !confirmed.has(asks.id)) {
			const question = confirmationText(asks, ctx.model, live);
			// Asked at disable-ha for stop-old: the checklist shows disable-ha next, so the question says it runs first.
			const yes = await options.confirm(asks === step ? question : `${question} ${id} runs first (HA off for the upgrade).`);
			if (options.signal.aborted) return interrupted(id);
			if (!yes)
				return {
					outcome: 'paused',
					exitCode: 1,
					message: `paused at ${id}: ${asks.id} was not confirmed, so nothing of ${id} was done; run again to continue from here.`,
				};
			confirmed.add(asks.id);
		}
		if (id === 'disable-ha' && versionRowMissing(ctx.discovery) && !ctx.journal.versionFixApplied) {
			const why = `${ctx.model.rmDb}.oms_version has no row of 4.1.1 or later, so docker_init.sh would refuse ("${versionRefusal}") after downtime began`;
			const yes = options.yes || (await options.confirm(versionFixQuestion(ctx, why)));
			if (options.signal.aborted) return interrupted(id);
			if (!yes)
				return {
					outcome: 'paused',
					exitCode: 1,
					message: `paused at ${id}: the oms_version fix was declined; init would refuse after downtime began, so the upgrade does not start.`,
				};
			await recordSourceVersion(ctx);
		}
		ctx.current = id;
		try {
			await runStep(step, ctx, options.bus);
		} catch (error) {
			if (options.signal.aborted) return interrupted(id);
			const exitCode = error instanceof OmsError && error.exitCode === 3 ? 3 : 1;
			return {outcome: 'failed', exitCode, message: `failed at ${id}: ${describeError(error)} The journal is kept; run again to resume.`};
		} finally {
			ctx.current = null;
		}
	}
	const next = nextUpgradeStep(journal, upgradeStepIds);
	// Ctrl-C exits 130 wherever it lands, even after the last selected step finished (but not after the upgrade did).
	if (next !== undefined && options.signal.aborted) return interrupted(next);
	if (next === undefined) return {outcome: 'succeeded', exitCode: 0, message: `succeeded: OMS upgraded to ${ctx.model.to} (attempt ${journal.attempt}).`};
	return {
		outcome: 'paused',
		exitCode: 0,
		message: `paused at ${next}: the selected steps are done; the upgrade is not finished (run again, or --from ${next}).`,
	};
}

function needsLive(id: UpgradeStepId): boolean {
	return upgradePreconditions[id].live !== undefined || id === 'start-new';
}

async function dumpsProblem(ctx: RunContext): Promise<string | undefined> {
	const dumps = await verifiedDumps(ctx.files, ctx.model.plan.workdir, ctx.backupsDir, ctx.model.databases);
	return 'problem' in dumps ? dumps.problem : undefined;
}

function refused(step: UpgradeStepId, reason: string): RunResult {
	return {outcome: 'refused', exitCode: 2, message: `refused at ${step}: ${reason}. Nothing of ${step} was done.`};
}

export function interrupted(step: string): RunResult {
	return {outcome: 'interrupted', exitCode: 130, message: `interrupted at ${step}; the journal is kept, run again to resume.`};
}

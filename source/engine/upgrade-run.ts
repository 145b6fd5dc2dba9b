import {upgradeStepIds} from '../domain/journal-types.js';
import type {StepDefinition} from '../steps/step-types.js';
import type {RunContext} from './run-context.js';
import type {LoopOptions, RunResult} from './run-result.js';
import {nextUpgradeStep} from './rulebook.js';
import {interrupted, runSelected} from './step-loop.js';
import {runRest} from '../domain/advice-words.js';

export {interrupted} from './step-loop.js';

/**
 * The upgrade's selected steps under the rulebook (engine/rulebook). Every run starts with preflight,
 * whatever was selected. Returns how the run ended, in the contract's terms.
 */
export async function runUpgrade(
	ctx: RunContext,
	selected: readonly StepDefinition[],
	options: LoopOptions,
): Promise<RunResult> {
	const early = await runSelected(ctx, selected, options, {
		kind: 'upgrade',
		reason: '',
		resume: 'The journal is kept; run again to resume.',
	});
	if (early) return early;
	const next = nextUpgradeStep(ctx.journal, upgradeStepIds);
	// Ctrl-C exits 130 wherever it lands, even after the last selected step finished (but not after the upgrade did).
	if (next !== undefined && options.signal.aborted) return interrupted(next);
	if (next === undefined)
		return {
			outcome: 'succeeded',
			exitCode: 0,
			message: `succeeded: OMS upgraded to ${ctx.model.to} (attempt ${ctx.journal.attempt}).`,
		};
	return {
		outcome: 'paused',
		exitCode: 0,
		message: `paused at ${next}: the selected steps are done; the upgrade is not finished ${runRest.line(next)}.`,
	};
}

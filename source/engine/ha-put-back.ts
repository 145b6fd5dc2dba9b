import {describeError} from '../domain/errors.js';
import {parseHaConfig} from '../domain/ha-config.js';
import {applyHa, readHa} from '../steps/ha-steps.js';
import {versionFixStays} from '../steps/version-fix.js';
import {hasStarted, stepRecord} from '../domain/journal.js';
import type {RunContext} from './run-context.js';

/**
 * Nothing changes behind the operator's back before downtime: a run that disabled HA and ends before
 * stop-old (a No, Ctrl-C, end of input, a closed pipe, a failure) puts ha.config back as found, and
 * says so. Returns the sentence for the run's outcome, or undefined when there was nothing to put back;
 * `undone` when disable-ha is to be done again (the next run begins there).
 */
export async function putHaBackBeforeDowntime(
	ctx: RunContext,
): Promise<{readonly text: string; readonly undone: boolean} | undefined> {
	const {journal} = ctx;
	if (
		!hasStarted(journal, 'disable-ha') ||
		hasStarted(journal, 'stop-old') ||
		journal.haFound === null ||
		journal.rollback
	)
		return undefined;
	const found = parseHaConfig(journal.haFound);
	if (!found) return undefined;
	const current = await readHa(await ctx.metadb(), ctx.model.rmDb).catch(() => undefined);
	if (current && current.parsed.enable === found.enable) {
		await forgetDisable(ctx, 'ha.config is as found: the run ended before stop-old');
		return undefined;
	}
	if (ctx.model.plan.ha.mode === 'manual') {
		const text = `HA is still OFF: this attempt disabled it and the run ended before stop-old. Set enable back to ${String(found.enable)} in the OMS console (System Management > System Parameters > ha.config), or run again to continue.`;
		ctx.log(null, text, 'warn');
		return {text, undone: false};
	}
	try {
		await applyHa({...ctx, confirm: async () => false}, {enable: found.enable}, 'put ha.config back as found');
	} catch (error) {
		const text = `HA is still OFF: putting ha.config back failed (${describeError(error)}). Set enable back to ${String(found.enable)} in the OMS console, or run again.`;
		ctx.log(null, text, 'error');
		return {text, undone: false};
	}
	await forgetDisable(ctx, 'ha.config put back as found: the run ended before stop-old');
	const fix = versionFixStays(journal, ctx.model.rmDb);
	const text = `ha.config put back as found (enable=${String(found.enable)}): the run ended before stop-old, so ${fix ? `of the upgrade only ${fix}` : 'nothing of the upgrade stays changed'}.`;
	ctx.log(null, text, 'warn');
	return {text, undone: true};
}

/** The next run disables HA again and records the value found then. */
async function forgetDisable(ctx: RunContext, reason: string): Promise<void> {
	Object.assign(stepRecord(ctx.journal, 'disable-ha'), {status: 'pending', startedAt: null, finishedAt: null, reason});
	ctx.journal.haFound = null;
	await ctx.save();
}

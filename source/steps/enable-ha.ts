import {haOffLines} from '../domain/ha-behaviour.js';
import {
	enableHaChanges,
	parseHaConfig,
	refetchCoversDowntime,
	refetchMinutes,
	withHaKeys,
} from '../domain/ha-config.js';
import {sql} from '../domain/sql.js';
import {ExternalError} from '../domain/errors.js';
import {applyHa, readHa} from './ha-steps.js';
import type {StepContext} from './step-context.js';
import type {StepDefinition, StepResult} from './step-types.js';
import type {StepOutput} from '../domain/step-outputs.js';

export const enableHa: StepDefinition = {
	id: 'enable-ha',
	title: 'Enable HA',
	scope: 'cluster',
	destructive: false,
	run: async ctx => {
		const {haFound} = ctx.outputs('disable-ha');
		const found = haFound === null ? undefined : parseHaConfig(haFound);
		if (found && found.enable !== true) {
			ctx.log(
				null,
				`HA was off before the upgrade (enable=${String(found.enable)}) and stays off. While HA is off:`,
				'warn',
			);
			for (const line of haOffLines()) ctx.log(null, line, 'warn');
			return `HA was off before the upgrade (enable=${String(found.enable)}); left off`;
		}
		return ctx.model.plan.ha.mode === 'manual' ? enableByOperator(ctx, found) : enableInMetadb(ctx, found);
	},
};

const t1Of = (ctx: StepContext) => {
	const {t1} = ctx.outputs('stop-old');
	return t1 ? new Date(t1) : undefined;
};

async function enableInMetadb(ctx: StepContext, found: ReturnType<typeof parseHaConfig>): Promise<StepResult> {
	const {after, refetchMarginMin} = ctx.model.plan.ha;
	// T2 is the moment HA is really enabled: this write, not an earlier try.
	const t2 = new Date();
	const changes = enableHaChanges(after, t1Of(ctx), t2, refetchMarginMin, found);
	if (after === 'refetch')
		ctx.log(
			null,
			`refetchStoreIntervalMin = max(found ${String(found?.refetchStoreIntervalMin ?? 'none')}, ceil((T2 ${t2.toISOString()} - T1 ${ctx.outputs('stop-old').t1 ?? 'unknown'}) / 60s) + ${refetchMarginMin}) = ${String(changes.refetchStoreIntervalMin)}`,
		);
	const {summary, raw} = await applyHa(ctx, changes, 'enable HA');
	const outputs = [enabled(t2, raw)];
	ctx.log(
		null,
		`written to ${ctx.model.rmDb}.oms_normal_config (cfg_name ha.config) in the MetaDB; confirm in the OMS console (System Management > System Parameters > ha.config) that it shows there`,
		'warn',
	);
	return {summary, outputs};
}

async function enableByOperator(ctx: StepContext, found: ReturnType<typeof parseHaConfig>): Promise<StepResult> {
	const {after, refetchMarginMin} = ctx.model.plan.ha;
	const t1 = t1Of(ctx);
	// The operator needs a few minutes: ask for a value that still covers the downtime then.
	const suggested = enableHaChanges(after, t1, new Date(Date.now() + 15 * 60_000), refetchMarginMin, found);
	const asked =
		after === 'perceive'
			? 'enable=true and perceiveStoreClientCheckpoint=true'
			: `enable=true and refetchStoreIntervalMin=${String(suggested.refetchStoreIntervalMin)} (or more)`;
	if (
		!(await ctx.confirm(
			`enable HA: set ${asked} in ha.config in the OMS console (System Management > System Parameters), then confirm`,
		))
	) {
		throw new ExternalError('enable HA: not confirmed.', {hint: 'Make the change in the OMS console and run again.'});
	}
	const t2 = new Date();
	const metadb = await ctx.metadb();
	metadb.operatorChanged?.(sql.writeHa(ctx.model.rmDb), [
		withHaKeys((await readHa(metadb, ctx.model.rmDb)).parsed, suggested),
	]);
	const now = await readHa(metadb, ctx.model.rmDb);
	const perceiveOk = after !== 'perceive' || now.parsed.perceiveStoreClientCheckpoint === true;
	const refetchOk = after !== 'refetch' || refetchCoversDowntime(now.parsed.refetchStoreIntervalMin, t1, t2);
	if (now.parsed.enable !== true || !perceiveOk || !refetchOk) {
		const need =
			after === 'refetch'
				? `, refetchStoreIntervalMin at least ${refetchMinutes(t1, t2, 1)}`
				: ', perceiveStoreClientCheckpoint=true';
		throw new ExternalError(`enable HA: ha.config reads ${now.raw}; it needs enable=true${need}.`, {
			hint: 'Correct it in the OMS console and run again.',
		});
	}
	return {summary: `ha.config now ${now.raw}`, outputs: [enabled(t2, now.raw)]};
}

/** T2 and the ha.config value HA was enabled with (as read back), as the step's output. */
function enabled(t2: Date, haAfter: string): StepOutput {
	return {step: 'enable-ha', t2: t2.toISOString(), haAfter};
}

import {enableHaChanges, parseHaConfig, withHaKeys} from '../domain/ha-config.js';
import {sql} from '../domain/sql.js';
import {applyHa, readHa} from './ha-steps.js';
import {cluster, type StepDefinition} from './step-types.js';

export const enableHa: StepDefinition = {
	id: 'enable-ha',
	title: 'Enable HA',
	scope: 'cluster',
	destructive: false,
	describe: model => {
		const found = model.haFound === undefined ? undefined : parseHaConfig(model.haFound);
		const changes =
			model.plan.ha.after === 'perceive'
				? '"enable":true, "perceiveStoreClientCheckpoint":true'
				: `"enable":true, "refetchStoreIntervalMin": ceil((T2 - T1) / 60s) + ${model.plan.ha.refetchMarginMin}`;
		const shown = found && model.plan.ha.after === 'perceive' ? withHaKeys(found, {enable: true, perceiveStoreClientCheckpoint: true}) : `{…as found, ${changes}}`;
		return [
			cluster('sql', sql.readHa(model.rmDb)),
			model.plan.ha.mode === 'manual'
				? cluster('operator', `set ${changes} in the OMS console (System Management > System Parameters > ha.config), then confirm`)
				: cluster('sql', `${sql.writeHa(model.rmDb)}  -- with ${shown}; T2 = now`),
			cluster('check', 're-read ha.config matches'),
		];
	},
	run: async ctx => {
		const found = ctx.journal.haFound === null ? undefined : parseHaConfig(ctx.journal.haFound);
		if (found && found.enable !== true) return `HA was off before the upgrade (enable=${String(found.enable)}); left off`;
		const t2 = ctx.journal.t2 ? new Date(ctx.journal.t2) : new Date();
		const t1 = ctx.journal.t1 ? new Date(ctx.journal.t1) : undefined;
		const {after, refetchMarginMin} = ctx.model.plan.ha;
		const changes = enableHaChanges(after, t1, t2, refetchMarginMin);
		if (after === 'refetch') ctx.log(null, `refetchStoreIntervalMin = ceil((T2 ${t2.toISOString()} - T1 ${t1?.toISOString() ?? 'unknown'}) / 60s) + ${refetchMarginMin} = ${String(changes.refetchStoreIntervalMin)}`);
		ctx.journal.t2 = t2.toISOString();
		await ctx.save();
		const summary = await applyHa(ctx, changes, 'enable HA');
		ctx.journal.haAfter = (await readHa(await ctx.metadb(), ctx.model.rmDb)).raw;
		await ctx.save();
		return summary;
	},
};

import {parseHaConfig, withHaKeys} from '../domain/ha-config.js';
import {sql} from '../domain/sql.js';
import {applyHa, readHa} from './ha-steps.js';
import {cluster, type StepDefinition} from './step-types.js';

export const disableHa: StepDefinition = {
	id: 'disable-ha',
	title: 'Disable HA',
	scope: 'cluster',
	destructive: false,
	describe: model => {
		const found = model.haFound === undefined ? undefined : parseHaConfig(model.haFound);
		const write =
			model.plan.ha.mode === 'manual'
				? cluster('operator', 'set enable=false in the OMS console (System Management > System Parameters > ha.config), then confirm')
				: cluster('sql', `${sql.writeHa(model.rmDb)}  -- with ${found ? withHaKeys(found, {enable: false}) : '{…found, "enable":false}'}`);
		return [
			cluster('sql', `${sql.readHa(model.rmDb)}  -- remember the value found`),
			write,
			cluster('check', 're-read ha.config: enable=false, every other key as found'),
		];
	},
	run: async ctx => {
		if (ctx.journal.haFound === null) {
			// The value to restore is the one before any change: recorded once, never overwritten on resume.
			ctx.journal.haFound = (await readHa(await ctx.metadb(), ctx.model.rmDb)).raw;
			await ctx.save();
			ctx.log(null, `ha.config found: ${ctx.journal.haFound}`);
		}
		return applyHa(ctx, {enable: false}, 'disable HA');
	},
};

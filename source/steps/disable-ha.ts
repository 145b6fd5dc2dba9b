import {applyHa, readHa} from './ha-steps.js';
import type {StepDefinition} from './step-types.js';

export const disableHa: StepDefinition = {
	id: 'disable-ha',
	title: 'Disable HA',
	scope: 'cluster',
	destructive: false,
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

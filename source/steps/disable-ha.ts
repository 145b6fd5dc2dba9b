import {applyHa, readHa} from './ha-steps.js';
import type {StepDefinition} from './step-types.js';

export const disableHa: StepDefinition = {
	id: 'disable-ha',
	title: 'Disable HA',
	scope: 'cluster',
	destructive: false,
	run: async ctx => {
		if (ctx.outputs('disable-ha').haFound === null) {
			// The value to restore is the one before any change: journaled before the write, never overwritten on
			// resume.
			const haFound = (await readHa(await ctx.metadb(), ctx.model.rmDb)).raw;
			await ctx.record({step: 'disable-ha', haFound});
			ctx.log(null, `ha.config found: ${haFound}`);
		}
		return (await applyHa(ctx, {enable: false}, 'disable HA')).summary;
	},
};

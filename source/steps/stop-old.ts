import {ExternalError} from '../domain/errors.js';
import {waitFor} from '../domain/wait.js';
import type {StepDefinition} from './step-types.js';

/** Seconds Docker gives OMS to stop before it kills it (the rollback stops new containers the same way). */
export const stopTimeoutSec = 60;

export const stopOld: StepDefinition = {
	id: 'stop-old',
	title: 'Stop the old containers',
	scope: 'node',
	destructive: true,
	runNode: async (ctx, node) => {
		const before = await node.engine.inspectContainer(node.oldContainer);
		if (!before)
			throw new ExternalError(`node ${node.host}: container ${node.oldContainer} is gone.`, {
				hint: 'The tool never removes old containers; find out who did before going on.',
			});
		const output = {step: 'stop-old', node: node.host, oldContainerId: before.id} as const;
		if (!before.running) return {summary: `${node.oldContainer} already ${before.status}`, outputs: [output]};
		// Downtime begins with the first stop asked for: T1 is on disk before the stop.
		await ctx.record({...output, stoppedAt: new Date().toISOString()});
		ctx.log(node.host, `docker stop -t ${stopTimeoutSec} ${node.oldContainer}`);
		await node.engine.stopContainer(node.oldContainer, stopTimeoutSec);
		const after = await waitFor(
			async () => {
				const state = await node.engine.inspectContainer(node.oldContainer);
				return state && !state.running ? state : undefined;
			},
			{
				timeoutMs: (stopTimeoutSec + 30) * 1000,
				message: `node ${node.host}: ${node.oldContainer} still runs after docker stop`,
			},
		);
		return `${node.oldContainer} ${after.status} (kept)`;
	},
};

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
		ctx.journal.nodes[node.host]!.oldContainerId = before.id;
		if (!before.running) return `${node.oldContainer} already ${before.status}`;
		const stoppedAt = new Date().toISOString();
		if (ctx.journal.t1 === null || stoppedAt < ctx.journal.t1) ctx.journal.t1 = stoppedAt;
		await ctx.save();
		ctx.log(node.host, `docker stop -t ${stopTimeoutSec} ${node.oldContainer}`);
		await node.engine.stopContainer(node.oldContainer, stopTimeoutSec);
		const after = await waitFor(
			async () => {
				const state = await node.engine.inspectContainer(node.oldContainer);
				return state && !state.running ? state : undefined;
			},
			{timeoutMs: (stopTimeoutSec + 30) * 1000, message: `node ${node.host}: ${node.oldContainer} still runs after docker stop`},
		);
		return `${node.oldContainer} ${after.status} (kept)`;
	},
};

import {ExternalError} from '../domain/errors.js';
import {waitFor} from '../domain/wait.js';
import {ofAttempt} from '../domain/attempt-label.js';
import {metadbNow} from './metadb-clock.js';
import type {StepDefinition} from './step-types.js';

/** The name a rollback gives the attempt's new container: kept, stopped, for its logs. */
const keptName = (newContainer: string, attempt: string) => `${newContainer}-${attempt}`;

export const rbStartOld: StepDefinition = {
	id: 'rb-start-old',
	title: 'Rollback: start the old containers',
	scope: 'node',
	destructive: true,
	runNode: async (ctx, node) => {
		const {attempt} = ctx;
		const fresh = await node.engine.inspectContainer(node.newContainer);
		let kept = '';
		if (fresh && ofAttempt(fresh, attempt)) {
			if (fresh.running)
				throw new ExternalError(`node ${node.host}: ${node.newContainer} is running.`, {
					hint: 'rb-stop-new must stop it first; run the rollback again.',
				});
			const name = keptName(node.newContainer, attempt);
			ctx.log(node.host, `docker rename ${node.newContainer} ${name}`);
			await node.engine.renameContainer(node.newContainer, name);
			await ctx.record({step: 'rb-start-old', node: node.host, keptAs: name});
			kept = `, ${node.newContainer} kept as ${name}`;
		}
		const old = await node.engine.inspectContainer(node.oldContainer);
		if (!old)
			throw new ExternalError(`node ${node.host}: the old container ${node.oldContainer} is gone.`, {
				hint: 'Re-create it with the old image and the same mounts by hand.',
			});
		if (old.running) {
			// Running with no mark at all (started by hand): a mark taken now is later than its start.
			const marked = ctx.outputs('rb-start-old').startMarks[node.host] ?? null;
			const summary = `${node.oldContainer} already running${kept}`;
			return marked === null
				? {summary, outputs: [{step: 'rb-start-old', node: node.host, startMark: await metadbNow(ctx)}]}
				: summary;
		}
		await ctx.record({step: 'rb-start-old', node: node.host, startMark: await metadbNow(ctx)});
		ctx.log(node.host, `docker start ${node.oldContainer}`);
		await node.engine.startContainer(node.oldContainer);
		await waitFor(async () => (await node.engine.inspectContainer(node.oldContainer))?.running, {
			timeoutMs: 60_000,
			signal: ctx.signal,
			message: `node ${node.host}: ${node.oldContainer} did not start`,
		});
		return `${node.oldContainer} running${kept}`;
	},
};

import type {UpgradeModel} from '../config/resolve-plan.js';
import {attemptLabel} from '../domain/attempt-label.js';
import type {LiveFacts, LiveNode} from './live-facts.js';

/**
 * What the cluster looks like now, for the preconditions and the rollback's decision: each node's old
 * container, the container under the new name, and new containers kept by earlier attempts' rollbacks.
 * Every call has the engine's deadline, so a hung node fails here naming itself.
 */
export async function observe(model: UpgradeModel, attempt: string): Promise<LiveFacts> {
	const nodes = await Promise.all(
		model.nodes.map(async (node): Promise<LiveNode> => {
			const [old, fresh, labelled] = await Promise.all([
				node.engine.inspectContainer(node.oldContainer),
				node.engine.inspectContainer(node.newContainer),
				node.engine.listContainers({label: attemptLabel}),
			]);
			const kept = labelled.filter(
				container => container.name !== node.newContainer && container.labels[attemptLabel] !== attempt,
			);
			return {host: node.host, old, fresh, kept};
		}),
	);
	return {nodes};
}

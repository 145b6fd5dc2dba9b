import type {NodeModel} from '../config/resolve-plan.js';
import {compareBinds, parseBind} from '../domain/binds.js';
import {dockerRunEquivalent} from '../domain/container-spec.js';
import {ExternalError} from '../domain/errors.js';
import {waitFor} from '../domain/wait.js';
import {attemptLabel} from '../domain/attempt-label.js';
import {metadbNow} from './metadb-clock.js';
import type {StepContext} from './step-context.js';
import type {StepDefinition} from './step-types.js';

export const startNew: StepDefinition = {
	id: 'start-new',
	title: 'Start the new containers',
	scope: 'node',
	destructive: true,
	// The runner starts it only with every old container stopped and this attempt's dumps verified.
	runNode: async (ctx, node) => {
		await removeKept(ctx, node);
		let current = await adoptable(ctx, node);
		if (!current) {
			ctx.log(node.host, dockerRunEquivalent(node.spec));
			await node.engine.createContainer({...node.spec, Labels: {...node.spec.Labels, [attemptLabel]: ctx.attempt}});
			current = await node.engine.inspectContainer(node.newContainer);
			if (!current)
				throw new ExternalError(`node ${node.host}: ${node.newContainer} was created but cannot be inspected.`);
		}
		const output = {step: 'start-new', node: node.host, newContainerId: current.id} as const;
		if (!current.running) {
			// Heartbeats written before this moment are the old cluster's: verify counts only later ones.
			await ctx.record({...output, startMark: await metadbNow(ctx)});
			await node.engine.startContainer(node.newContainer);
			current = await waitFor(
				async () => {
					const state = await node.engine.inspectContainer(node.newContainer);
					return state?.running ? state : undefined;
				},
				{timeoutMs: 60_000, message: `node ${node.host}: ${node.newContainer} did not reach running within 60s`},
			);
		} else if ((ctx.outputs('start-new').startMarks[node.host] ?? null) === null) {
			// Found running with no mark (a crash right after start): a mark taken now is later than its start.
			await ctx.record({...output, startMark: await metadbNow(ctx)});
		} else await ctx.record(output);
		const differences = compareBinds(node.oldBinds.map(parseBind), current.binds.map(parseBind));
		for (const difference of differences) {
			ctx.log(
				node.host,
				`${difference.same ? '  =' : '  ≠'} ${difference.target}: old ${difference.old ?? '(none)'} · new ${difference.new ?? '(none)'}`,
			);
		}
		const unexpected = differences.filter(
			difference => !difference.same && !node.spec.HostConfig.Binds.includes(difference.new ?? ''),
		);
		if (unexpected.length > 0) {
			throw new ExternalError(
				`node ${node.host}: ${node.newContainer}'s binds differ from ${node.oldContainer}'s at ${unexpected.map(d => d.target).join(', ')}.`,
				{hint: 'Remove the new container (docker rm -f) and run again.'},
			);
		}
		return `${node.newContainer} running, binds as ${node.oldContainer}${current.privileged ? ', privileged' : ''}`;
	},
};

/** Containers kept (stopped, renamed) by rollbacks of earlier attempts: the start-new question named them. */
async function removeKept(ctx: StepContext, node: NodeModel): Promise<void> {
	const kept = await node.engine.listContainers({label: attemptLabel});
	for (const container of kept) {
		if (container.name === node.newContainer || container.labels[attemptLabel] === ctx.attempt) continue;
		if (container.state === 'running')
			throw new ExternalError(
				`node ${node.host}: ${container.name} (kept from attempt ${container.labels[attemptLabel]}) is running.`,
				{
					hint: `Stop it (docker stop ${container.name}) and run again.`,
				},
			);
		ctx.log(node.host, `docker rm ${container.name}  (kept from attempt ${container.labels[attemptLabel]})`);
		await node.engine.removeContainer(container.name);
	}
}

/**
 * A container under the new name that this attempt created (a crash between create and start, or a
 * resumed run) is adopted when it matches the spec; anything else under that name is not ours.
 */
async function adoptable(ctx: StepContext, node: NodeModel) {
	const current = await node.engine.inspectContainer(node.newContainer);
	if (!current) return undefined;
	const ours = current.labels[attemptLabel] === ctx.attempt;
	if (!ours || current.image !== node.spec.Image) {
		const whose = current.labels[attemptLabel]
			? `attempt ${current.labels[attemptLabel]}`
			: 'not created by oms-upgrade';
		throw new ExternalError(
			`node ${node.host}: a container ${node.newContainer} already exists (${current.status}, ${current.image}, ${whose}).`,
			{
				hint: `Remove it (docker rm ${node.newContainer}) or set newContainer in the plan, then run again.`,
			},
		);
	}
	ctx.log(node.host, `${node.newContainer} was created by this attempt (${current.status}): adopted`);
	return current;
}

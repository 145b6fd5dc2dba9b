import {compareBinds, parseBind} from '../domain/binds.js';
import {dockerRunEquivalent} from '../domain/container-spec.js';
import {ExternalError} from '../domain/errors.js';
import {waitFor} from '../domain/wait.js';
import type {StepDefinition} from './step-types.js';

export const startNew: StepDefinition = {
	id: 'start-new',
	title: 'Start the new containers',
	scope: 'node',
	destructive: true,
	describe: model =>
		model.nodes.flatMap(node => {
			const differences = compareBinds(node.oldBinds.map(parseBind), node.spec.HostConfig.Binds.map(parseBind)).filter(d => !d.same);
			return [
				{node: node.host, kind: 'docker' as const, text: dockerRunEquivalent(node.spec) + '  (POST /containers/create + start)'},
				{
					node: node.host,
					kind: 'check' as const,
					text: differences.length === 0 ? `binds equal ${node.oldContainer}'s` : `binds differ from ${node.oldContainer}'s at ${differences.map(d => d.target).join(', ')} (HTTPS)`,
				},
			];
		}),
	runNode: async (ctx, node) => {
		const old = await node.engine.inspectContainer(node.oldContainer);
		if (old?.running) {
			throw new ExternalError(`node ${node.host}: the old container ${node.oldContainer} is running; both would use the host network and the same mounts.`, {hint: 'Run the stop-old step first (oms-upgrade run resumes there).'});
		}
		let current = await node.engine.inspectContainer(node.newContainer);
		if (current && current.image !== node.spec.Image) {
			throw new ExternalError(`node ${node.host}: a container ${node.newContainer} exists from ${current.image}, not ${node.spec.Image}.`, {hint: 'Remove it (docker rm) or set newContainer in the plan.'});
		}
		if (!current) {
			ctx.log(node.host, dockerRunEquivalent(node.spec));
			const {name, ...body} = node.spec;
			await node.engine.call(`create ${name}`, () => node.engine.api.createContainer({name, ...body, Env: [...body.Env], HostConfig: {...body.HostConfig, Binds: [...body.HostConfig.Binds], Ulimits: [...body.HostConfig.Ulimits]}}));
			current = await node.engine.inspectContainer(node.newContainer);
		}
		if (!current) throw new ExternalError(`node ${node.host}: ${node.newContainer} was created but cannot be inspected.`);
		ctx.journal.nodes[node.host]!.newContainerId = current.id;
		await ctx.save();
		if (!current.running) {
			await node.engine.call(`start ${node.newContainer}`, () => node.engine.api.getContainer(node.newContainer).start());
			current = await waitFor(async () => {
				const state = await node.engine.inspectContainer(node.newContainer);
				return state?.running ? state : undefined;
			}, {timeoutMs: 60_000, message: `node ${node.host}: ${node.newContainer} did not reach running within 60s`});
		}
		const differences = compareBinds(node.oldBinds.map(parseBind), current.binds.map(parseBind));
		for (const difference of differences) {
			ctx.log(node.host, `${difference.same ? '  =' : '  ≠'} ${difference.target}: old ${difference.old ?? '(none)'} · new ${difference.new ?? '(none)'}`);
		}
		const unexpected = differences.filter(difference => !difference.same && !node.spec.HostConfig.Binds.includes(difference.new ?? ''));
		if (unexpected.length > 0) {
			throw new ExternalError(`node ${node.host}: ${node.newContainer}'s binds differ from ${node.oldContainer}'s at ${unexpected.map(d => d.target).join(', ')}.`, {hint: 'Remove the new container (docker rm -f) and run again.'});
		}
		return `${node.newContainer} running, binds as ${node.oldContainer}${current.privileged ? ', privileged' : ''}`;
	},
};

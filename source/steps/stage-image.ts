import {loadImage} from '../adapters/docker-streams.js';
import {ExternalError} from '../domain/errors.js';
import {formatBytes} from '../domain/format.js';
import type {StepDefinition} from './step-types.js';

export const stageImage: StepDefinition = {
	id: 'stage-image',
	title: 'Stage the new image',
	scope: 'node',
	destructive: false,
	describe: model =>
		model.nodes.flatMap(node => {
			const image = model.plan.target.image;
			const load = model.plan.target.package
				? [{node: node.host, kind: 'docker' as const, text: `docker load -i ${model.plan.target.package}  (POST /images/load, streamed from this machine; skipped when ${image} is already present)`}]
				: [];
			return [...load, {node: node.host, kind: 'docker' as const, text: `docker image inspect ${image}  (record the image id; every node must have the same)`}];
		}),
	runNode: async (ctx, node) => {
		const {image, package: file} = ctx.model.plan.target;
		let found = await node.engine.inspectImage(image);
		let how = 'already present';
		if (!found) {
			if (!file) throw new ExternalError(`node ${node.host}: ${image} is not present and the plan has no target.package.`, {hint: 'Add target.package, or docker load the image on the node.'});
			ctx.log(node.host, `loading ${file} into ${node.docker}`);
			let reported = 0;
			const messages = await loadImage(node.engine, file, (sent, total) => {
				ctx.progress(node.host, sent, total);
				if (sent === total || sent - reported >= total / 4) {
					reported = sent;
					ctx.log(node.host, `sent ${formatBytes(sent)} of ${formatBytes(total)}`);
				}
			});
			for (const message of messages) ctx.log(node.host, message);
			found = await node.engine.inspectImage(image);
			if (!found) throw new ExternalError(`node ${node.host}: after loading ${file}, ${image} is still not present.`, {hint: 'Check target.image against `docker load` output above.'});
			how = 'loaded';
		}
		ctx.journal.nodes[node.host]!.imageId = found.id;
		await ctx.save();
		return `${image} ${how} (${found.id.slice(0, 19)})`;
	},
	after: async ctx => {
		const ids = new Set(ctx.model.nodes.map(node => ctx.journal.nodes[node.host]?.imageId));
		if (ids.size !== 1) {
			const who = ctx.model.nodes.map(node => `${node.host} has ${ctx.journal.nodes[node.host]?.imageId ?? 'none'}`).join('; ');
			throw new ExternalError(`the nodes hold different images for ${ctx.model.plan.target.image}: ${who}.`, {hint: 'Remove the odd image on those nodes (docker rmi) and run again.'});
		}
		return `same image id on every node`;
	},
};

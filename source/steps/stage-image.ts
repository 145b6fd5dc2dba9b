import {ExternalError} from '../domain/errors.js';
import type {StepContext} from './step-context.js';
import type {StepDefinition} from './step-types.js';

export const stageImage: StepDefinition = {
	id: 'stage-image',
	title: 'Stage the new image',
	scope: 'node',
	destructive: false,
	runNode: async (ctx, node) => {
		const {image, package: file} = ctx.model.plan.target;
		const expected = await packageImageId(ctx);
		let found = await node.engine.inspectImage(image);
		let how = 'already present';
		if (found && expected && found.id !== expected) {
			ctx.log(
				node.host,
				`${image} is present as ${found.id.slice(0, 19)}, but the package holds ${expected.slice(0, 19)}: loading the package over it`,
				'warn',
			);
		}
		if (!found || (expected && found.id !== expected)) {
			if (!file)
				throw new ExternalError(`node ${node.host}: ${image} is not present and the plan has no target.package.`, {
					hint: 'Add target.package, or docker load the image on the node.',
				});
			ctx.log(node.host, `loading ${file} into ${node.docker}`);
			// The engine coalesces these (one per chunk) and logs each quarter with its rate and ETA.
			const messages = await node.engine.loadImage(file, (sent, total) => ctx.progress(node.host, sent, total));
			for (const message of messages) ctx.log(node.host, message);
			found = await node.engine.inspectImage(image);
			if (!found)
				throw new ExternalError(`node ${node.host}: after loading ${file}, ${image} is still not present.`, {
					hint: 'Check target.image against `docker load` output above.',
				});
			if (expected && found.id !== expected) {
				throw new ExternalError(
					`node ${node.host}: after loading ${file}, ${image} is ${found.id}, not the package's ${expected}.`,
					{
						hint: 'Check the package and target.image; remove the odd image (docker rmi) and run again.',
					},
				);
			}
			how = 'loaded';
		}
		return {
			summary: `${image} ${how} (${found.id.slice(0, 19)})`,
			outputs: [{step: 'stage-image', node: node.host, imageId: found.id}],
		};
	},
	after: async ctx => {
		const {imageIds} = ctx.outputs('stage-image');
		const ids = new Set(ctx.model.nodes.map(node => imageIds[node.host] ?? null));
		if (ids.size !== 1 || ids.has(null)) {
			const who = ctx.model.nodes.map(node => `${node.host} has ${imageIds[node.host] ?? 'none'}`).join('; ');
			throw new ExternalError(`the nodes hold different images for ${ctx.model.plan.target.image}: ${who}.`, {
				hint: 'Remove the odd image on those nodes (docker rmi) and run again.',
			});
		}
		return `same image id on every node`;
	},
};

/** The image id the package's manifest gives target.image (read once per run); undefined without a package. */
const packageIds = new WeakMap<object, Promise<string | undefined>>();

function packageImageId(ctx: StepContext): Promise<string | undefined> {
	const {image, package: file} = ctx.model.plan.target;
	if (!file) return Promise.resolve(undefined);
	let id = packageIds.get(ctx.model);
	if (!id) {
		id = ctx.files.packageImageId(file, image);
		packageIds.set(ctx.model, id);
		// A failed read is not remembered: the console's retry (same model) reads the package again.
		id.catch(() => packageIds.delete(ctx.model));
	}
	return id;
}

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
};

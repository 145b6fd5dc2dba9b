import type {StepDefinition} from './step-types.js';

export const stopOld: StepDefinition = {
	id: 'stop-old',
	title: 'Stop the old containers',
	scope: 'node',
	destructive: true,
	describe: model =>
		model.nodes.flatMap(node => [
			{node: node.host, kind: 'docker' as const, text: `docker stop ${node.oldContainer}  (T1 = the first stop; the container is kept)`},
			{node: node.host, kind: 'check' as const, text: `docker inspect ${node.oldContainer}: State.Status = exited`},
		]),
};

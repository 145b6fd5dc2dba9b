import {compareBinds, parseBind} from '../domain/binds.js';
import {dockerRunEquivalent} from '../domain/container-spec.js';
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
};

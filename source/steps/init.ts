import {sql} from '../domain/sql.js';
import {cluster, type Action, type StepDefinition} from './step-types.js';

export const initMetadata: StepDefinition = {
	id: 'init',
	title: 'Run docker_init.sh',
	scope: 'region',
	destructive: true,
	describe: model => [
		...model.initTargets.flatMap(({region, hosts}) =>
			hosts.flatMap(host => {
				const node = model.nodes.find(candidate => candidate.host === host)!;
				return <Action[]>[
					{node: host, kind: 'wait' as const, text: `wait ${model.plan.init.minWaitSec}s after start, then until \`supervisorctl status\` shows no STARTING program (region ${region})`},
					{node: host, kind: 'docker' as const, text: `docker exec ${node.newContainer} bash /root/docker_init.sh  (timeout ${model.plan.init.timeoutSec}s; success = exit 0)`},
				];
			}),
		),
		cluster('sql', `only if init prints "Version before 4.1.1 is not allowed to upgrade": ${sql.createVersionTable(model.rmDb)}`),
		cluster('sql', `then ${sql.recordVersion(model.rmDb).replace('?', `'${model.from}'`)} and run docker_init.sh again`),
	],
};

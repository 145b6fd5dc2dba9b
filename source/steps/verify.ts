import {sql} from '../domain/sql.js';
import {cluster, type StepDefinition} from './step-types.js';

export const verify: StepDefinition = {
	id: 'verify',
	title: 'Verify every server is Online',
	scope: 'cluster',
	destructive: false,
	describe: model => [
		cluster('sql', sql.hosts(model.cmDb)),
		...model.regions.map(region => cluster('sql', sql.heartbeats(region.heartbeatDb))),
		cluster('wait', `poll until ${model.nodes.map(node => node.host).join(', ')} are ONLINE with a fresh supervisor heartbeat (timeout ${model.plan.verify.timeoutSec}s)`),
	],
};

import {sql} from '../domain/sql.js';
import {cluster, type StepDefinition} from './step-types.js';

export const cleanHeartbeat: StepDefinition = {
	id: 'clean-heartbeat',
	title: 'Clean heatbeat_sequence',
	scope: 'cluster',
	destructive: false,
	describe: model =>
		model.regions.flatMap(region => [
			cluster('sql', sql.maxSequence(region.heartbeatDb)),
			cluster('sql', `${sql.cleanSequence(region.heartbeatDb).replace('?', '<max id>')}  -- two statements: MySQL rejects the guide's self-referencing DELETE`),
		]),
};

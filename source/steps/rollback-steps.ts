import {dumpFile, mysqlRestoreArgs} from '../domain/dump-command.js';
import {sql} from '../domain/sql.js';
import {cluster, type StepDefinition} from './step-types.js';

/** The rollback, in order. Old containers are never removed; new ones are removed only here. */
export const rbDisableHa: StepDefinition = {
	id: 'rb-disable-ha',
	title: 'Rollback: disable HA',
	scope: 'cluster',
	destructive: true,
	describe: model => [cluster('sql', `${sql.writeHa(model.rmDb)}  -- current value with "enable":false`)],
};

export const rbStopNew: StepDefinition = {
	id: 'rb-stop-new',
	title: 'Rollback: stop the new containers',
	scope: 'node',
	destructive: true,
	describe: model => model.nodes.map(node => ({node: node.host, kind: 'docker' as const, text: `docker stop ${node.newContainer}  (T3 = the first stop)`})),
};

export const rbRestore: StepDefinition = {
	id: 'rb-restore',
	title: 'Rollback: restore the MetaDB',
	scope: 'cluster',
	destructive: true,
	describe: model => [
		cluster('check', 'refuse unless every dump in backups/manifest.json matches its sha256'),
		...model.databases.flatMap(database => [
			cluster('sql', sql.dropDatabase(database)),
			cluster('sql', sql.createDatabase(database)),
			cluster('mysql', `mysql ${mysqlRestoreArgs('<0600 defaults file>', database).join(' ')} < ${dumpFile(model.plan.workdir, database)}`),
		]),
	],
};

export const rbStartOld: StepDefinition = {
	id: 'rb-start-old',
	title: 'Rollback: start the old containers',
	scope: 'node',
	destructive: true,
	describe: model =>
		model.nodes.flatMap(node => [
			{node: node.host, kind: 'docker' as const, text: `docker rm ${node.newContainer}  (frees nothing the old one needs; its binds are the old ones)`},
			{node: node.host, kind: 'docker' as const, text: `docker start ${node.oldContainer}`},
		]),
};

export const rbVerify: StepDefinition = {
	id: 'rb-verify',
	title: 'Rollback: verify',
	scope: 'cluster',
	destructive: true,
	describe: model => [cluster('wait', `old containers running and ${model.nodes.map(node => node.host).join(', ')} ONLINE with fresh heartbeats (timeout ${model.plan.verify.timeoutSec}s)`)],
};

export const rbRestoreHa: StepDefinition = {
	id: 'rb-restore-ha',
	title: 'Rollback: restore ha.config',
	scope: 'cluster',
	destructive: true,
	describe: model => [cluster('sql', `${sql.writeHa(model.rmDb)}  -- with the value found before the upgrade: ${model.haFound ?? '(read at disable-ha)'}`)],
};

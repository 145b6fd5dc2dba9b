import {join} from 'node:path';
import {dumpFile, mysqldumpArgs} from '../domain/dump-command.js';
import {cluster, type StepDefinition} from './step-types.js';

export const backup: StepDefinition = {
	id: 'backup',
	title: 'Back up rm, cm and cm_hb',
	scope: 'cluster',
	destructive: false,
	describe: model => {
		const defaults = join(model.plan.workdir, 'backups', '.metadb-<random>.cnf');
		return [
			cluster('file', `write ${defaults} (mode 0600: host=${model.metadb.host} port=${model.metadb.port} user=${model.metadb.user} password=***); removed afterwards`),
			...model.databases.map(database =>
				cluster('mysqldump', `mysqldump ${mysqldumpArgs(defaults, database, dumpFile(model.plan.workdir, database)).join(' ')}`),
			),
			cluster('check', 'each dump: exit 0, not empty, ends with "-- Dump completed"; sha256 and bytes into backups/manifest.json'),
		];
	},
};

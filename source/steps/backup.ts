import {mkdir, stat} from 'node:fs/promises';
import {join, relative} from 'node:path';
import {fileTail, runMysqldump, sha256File, withDefaultsFile} from '../adapters/mysql-clients.js';
import {dumpFile, mysqldumpArgs} from '../domain/dump-command.js';
import {ExternalError} from '../domain/errors.js';
import {formatBytes} from '../domain/format.js';
import {writeManifest, type BackupEntry} from './backup-manifest.js';
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
			...model.databases.map(database => cluster('mysqldump', `mysqldump ${mysqldumpArgs(defaults, database, dumpFile(model.plan.workdir, database)).join(' ')}`)),
			cluster('check', 'each dump goes to <file>.partial-<pid>, renamed on exit 0; then: not empty, ends with "-- Dump completed"; sha256 and bytes into backups/manifest.json'),
		];
	},
	run: async ctx => {
		const {workdir} = ctx.model.plan;
		const started = ctx.journal.steps['start-new']?.status;
		if (started && started !== 'pending') {
			throw new ExternalError('backup after start-new would dump metadata the new version may already have changed; the backups taken before it are the ones to keep.', {
				hint: 'Use `oms-upgrade rollback` to go back, or continue the upgrade with `oms-upgrade run`.',
			});
		}
		const directory = join(workdir, 'backups');
		await mkdir(directory, {recursive: true, mode: 0o700});
		const entries = await withDefaultsFile(directory, ctx.model.metadb, defaults =>
			Promise.all(
				ctx.model.databases.map(async (database): Promise<BackupEntry> => {
					const file = dumpFile(workdir, database);
					ctx.log(null, `mysqldump ${mysqldumpArgs(defaults, database, `${file}.partial-${process.pid}`).join(' ')}`);
					await runMysqldump(defaults, database, file);
					const {size} = await stat(file);
					const tail = size > 0 ? await fileTail(file, 256) : '';
					if (size === 0 || !/-- Dump completed/.test(tail)) {
						throw new ExternalError(`the dump of ${database} (${file}, ${size} bytes) is incomplete: it does not end with "-- Dump completed".`, {hint: 'Check the MetaDB and the free space in the workdir, then run again.'});
					}
					const sha256 = await sha256File(file);
					ctx.log(null, `${database}: ${formatBytes(size)}, sha256 ${sha256.slice(0, 16)}…, complete`);
					return {database, file: relative(workdir, file), bytes: size, sha256};
				}),
			),
		);
		await writeManifest(workdir, entries);
		return `${entries.length} dumps verified (${formatBytes(entries.reduce((sum, entry) => sum + entry.bytes, 0))}) in backups/manifest.json`;
	},
};

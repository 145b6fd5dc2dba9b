import {relative} from 'node:path';
import {dumpFile, mysqldumpArgs} from '../domain/dump-command.js';
import {ExternalError} from '../domain/errors.js';
import {formatBytes} from '../domain/format.js';
import {writeManifest, type BackupEntry} from './backup-manifest.js';
import type {StepDefinition} from './step-types.js';

export const backup: StepDefinition = {
	id: 'backup',
	title: 'Back up rm, cm and cm_hb',
	scope: 'cluster',
	destructive: false,
	// The runner only starts it while every old container is stopped and no new container has run.
	run: async ctx => {
		const {workdir} = ctx.model.plan;
		const directory = ctx.backupsDir;
		await ctx.files.makeDirectory(directory);
		const entries = await ctx.dumps.session(directory, session =>
			Promise.all(
				ctx.model.databases.map(async (database): Promise<BackupEntry> => {
					const file = dumpFile(directory, database);
					ctx.log(null, `mysqldump ${mysqldumpArgs(session.defaultsFile, database, `${file}.partial-${process.pid}`).join(' ')}`);
					await session.dump(database, file);
					const size = await ctx.files.size(file);
					const tail = size > 0 ? await ctx.files.tail(file, 256) : '';
					if (size === 0 || !/-- Dump completed/.test(tail)) {
						throw new ExternalError(`the dump of ${database} (${file}, ${size} bytes) is incomplete: it does not end with "-- Dump completed".`, {
							hint: 'Check the MetaDB and the free space in the workdir, then run again.',
						});
					}
					const sha256 = await ctx.files.sha256(file);
					ctx.log(null, `${database}: ${formatBytes(size)}, sha256 ${sha256.slice(0, 16)}…, complete`);
					return {database, file: relative(workdir, file), bytes: size, sha256};
				}),
			),
		);
		await writeManifest(ctx.files, directory, entries);
		return `${entries.length} dumps verified (${formatBytes(entries.reduce((sum, entry) => sum + entry.bytes, 0))}) in ${relative(workdir, directory)}/manifest.json`;
	},
};

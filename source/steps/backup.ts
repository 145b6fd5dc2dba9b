import {relative} from 'node:path';
import {dumpFile, mysqldumpArgs, partialDumpFile} from '../domain/dump-command.js';
import {ExternalError} from '../domain/errors.js';
import {formatBytes} from '../domain/format.js';
import {writeManifest, type BackupEntry} from './backup-manifest.js';
import {takeCensus} from './database-census.js';
import type {StepDefinition} from './step-types.js';

/**
 * Runs `work` for every item at once; the first failure stops the others (their signal aborts) and,
 * once every one has ended, is the one thrown. An abort of `outer` (Ctrl-C) stops them all.
 */
export async function allOrNone<T, R>(
	outer: AbortSignal,
	items: readonly T[],
	work: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
	const stopper = new AbortController();
	const signal = AbortSignal.any([outer, stopper.signal]);
	let failed = false;
	let first: unknown;
	const settled = await Promise.allSettled(
		items.map(item =>
			work(item, signal).catch((error: unknown) => {
				if (!failed) {
					failed = true;
					first = error;
					stopper.abort();
				}
				throw error;
			}),
		),
	);
	if (failed) throw first instanceof Error ? first : new Error(String(first));
	return settled.map(result => (result as PromiseFulfilledResult<R>).value);
}

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
		const limits = {idleMs: ctx.model.plan.timeouts.streamIdleSec * 1000};
		const entries = await ctx.dumps.session(directory, session =>
			allOrNone(ctx.signal, ctx.model.databases, async (database, signal): Promise<BackupEntry> => {
				const file = dumpFile(directory, database);
				ctx.log(
					null,
					`mysqldump ${mysqldumpArgs(session.defaultsFile, database).join(' ')} > ${partialDumpFile(file)}`,
				);
				const dumped = await session.dump(database, file, {...limits, signal});
				if (dumped.bytes === 0 || !/-- Dump completed/.test(dumped.tail)) {
					throw new ExternalError(
						`the dump of ${database} (${file}, ${dumped.bytes} bytes) is incomplete: it does not end with "-- Dump completed".`,
						{
							hint: 'Check the MetaDB and the free space in the workdir, then run again.',
						},
					);
				}
				ctx.log(null, `${database}: ${formatBytes(dumped.bytes)}, sha256 ${dumped.sha256.slice(0, 16)}…, complete`);
				// The census the restore proves itself against, taken as soon as this database is dumped (while
				// larger dumps still run): no OMS runs, so the counts are the dump's.
				signal.throwIfAborted();
				const census = await takeCensus(await ctx.metadb(), database);
				ctx.log(
					null,
					`${database}: ${census.charset}/${census.collation}, ${Object.keys(census.tables).length} tables, ${Object.values(census.tables).reduce((sum, rows) => sum + rows, 0)} rows`,
				);
				return {database, file: relative(workdir, file), bytes: dumped.bytes, sha256: dumped.sha256, ...census};
			}),
		);
		await writeManifest(ctx.files, directory, entries);
		return `${entries.length} dumps verified (${formatBytes(entries.reduce((sum, entry) => sum + entry.bytes, 0))}) in ${relative(workdir, directory)}/manifest.json`;
	},
};

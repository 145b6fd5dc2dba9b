import {join} from 'node:path';
import {mysqlRestoreArgs} from '../domain/dump-command.js';
import {ExternalError} from '../domain/errors.js';
import {sql} from '../domain/sql.js';
import {verifiedDumps} from './backup-manifest.js';
import {censusDifferences, takeCensus} from './database-census.js';
import type {StepDefinition} from './step-types.js';

export const rbRestore: StepDefinition = {
	id: 'rb-restore',
	title: 'Rollback: restore the MetaDB',
	scope: 'cluster',
	destructive: true,
	// The runner starts it only when no OMS container runs (the rulebook's live rule, read right before).
	run: async ctx => {
		const {workdir} = ctx.model.plan;
		const dumps = await verifiedDumps(ctx.files, workdir, ctx.backupsDir, ctx.model.databases);
		if ('problem' in dumps)
			throw new ExternalError(`refusing to restore: ${dumps.problem}.`, {
				hint: 'Nothing was dropped. Find intact copies of the dumps before rolling back.',
			});
		const metadb = await ctx.metadb();
		let tables = 0;
		const unproved: string[] = [];
		await ctx.dumps.session(ctx.backupsDir, async session => {
			for (const entry of dumps.entries) {
				// Stopped between databases, nothing is half done (the next run restores them all again); a
				// database once dropped is restored whole: a Ctrl-C does not stop the restore under way.
				ctx.signal.throwIfAborted();
				const defaults =
					entry.charset && entry.collation ? {charset: entry.charset, collation: entry.collation} : undefined;
				ctx.log(null, `${sql.dropDatabase(entry.database)}; ${sql.createDatabase(entry.database, defaults)}`);
				await metadb.execute(sql.dropDatabase(entry.database));
				await metadb.execute(sql.createDatabase(entry.database, defaults));
				ctx.log(null, `mysql ${mysqlRestoreArgs(session.defaultsFile, entry.database).join(' ')} < ${entry.file}`);
				await session.restore(entry.database, join(workdir, entry.file), {
					idleMs: ctx.model.plan.timeouts.streamIdleSec * 1000,
				});
				if (!session.restores) continue;
				if (!entry.tables) {
					unproved.push(entry.database);
					continue;
				}
				// The proof: every table holds as many rows as when it was dumped.
				const differences = censusDifferences(
					entry.database,
					entry.tables,
					(await takeCensus(metadb, entry.database)).tables,
				);
				if (differences.length > 0)
					throw new ExternalError(
						`the restore of ${entry.database} does not hold what was dumped: ${differences.join('; ')}.`,
						{
							hint: `Do not start the old OMS. Look at ${entry.file} and the MetaDB's error log, then run the rollback again (rb-restore drops and re-creates the database).`,
						},
					);
				tables += Object.keys(entry.tables).length;
				ctx.log(null, `${entry.database}: ${Object.keys(entry.tables).length} tables, row counts equal to the dump's`);
			}
		});
		const proof = `restored ${tables} tables, row counts equal${unproved.length > 0 ? ` (${unproved.join(', ')}: not proved, the manifest predates row counts)` : ''}`;
		return `${dumps.entries.map(entry => entry.database).join(', ')} restored from the dumps of ${dumps.takenAt}: ${proof}`;
	},
};

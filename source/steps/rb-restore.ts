import {join} from 'node:path';
import {mysqlRestoreArgs} from '../domain/dump-command.js';
import {ExternalError} from '../domain/errors.js';
import {sql} from '../domain/sql.js';
import {verifiedDumps} from './backup-manifest.js';
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
			throw new ExternalError(`refusing to restore: ${dumps.problem}.`, {hint: 'Nothing was dropped. Find intact copies of the dumps before rolling back.'});
		const metadb = await ctx.metadb();
		await ctx.dumps.session(ctx.backupsDir, async session => {
			for (const entry of dumps.entries) {
				ctx.log(null, `${sql.dropDatabase(entry.database)}; ${sql.createDatabase(entry.database)}`);
				await metadb.execute(sql.dropDatabase(entry.database));
				await metadb.execute(sql.createDatabase(entry.database));
				ctx.log(null, `mysql ${mysqlRestoreArgs(session.defaultsFile, entry.database).join(' ')} < ${entry.file}`);
				await session.restore(entry.database, join(workdir, entry.file), {idleMs: ctx.model.plan.timeouts.streamIdleSec * 1000, signal: ctx.signal});
			}
		});
		return `${dumps.entries.map(entry => entry.database).join(', ')} restored from the dumps of ${dumps.takenAt}`;
	},
};

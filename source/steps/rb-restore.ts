import {join} from 'node:path';
import {dumpFile, mysqlRestoreArgs} from '../domain/dump-command.js';
import {ExternalError} from '../domain/errors.js';
import {sql} from '../domain/sql.js';
import {verifiedDumps} from './backup-manifest.js';
import {cluster, type StepDefinition} from './step-types.js';

export const rbRestore: StepDefinition = {
	id: 'rb-restore',
	title: 'Rollback: restore the MetaDB',
	scope: 'cluster',
	destructive: true,
	describe: model => [
		cluster('check', "refuse unless every dump in this attempt's backups/<attempt>/manifest.json matches its sha256 and no OMS container runs"),
		...model.databases.flatMap(database => [
			cluster('sql', sql.dropDatabase(database)),
			cluster('sql', sql.createDatabase(database)),
			cluster('mysql', `mysql ${mysqlRestoreArgs('<0600 defaults file>', database).join(' ')} < ${dumpFile(join(model.plan.workdir, 'backups', '<attempt>'), database)}`),
		]),
	],
	// The runner starts it only when no OMS container runs (engine/rollback-run, read right before).
	run: async ctx => {
		const {workdir} = ctx.model.plan;
		const dumps = await verifiedDumps(ctx.files, workdir, ctx.backupsDir, ctx.model.databases);
		if ('problem' in dumps) throw new ExternalError(`refusing to restore: ${dumps.problem}.`, {hint: 'Nothing was dropped. Find intact copies of the dumps before rolling back.'});
		const metadb = await ctx.metadb();
		await ctx.dumps.session(ctx.backupsDir, async session => {
			for (const entry of dumps.entries) {
				ctx.log(null, `${sql.dropDatabase(entry.database)}; ${sql.createDatabase(entry.database)}`);
				await metadb.execute(sql.dropDatabase(entry.database));
				await metadb.execute(sql.createDatabase(entry.database));
				ctx.log(null, `mysql ${mysqlRestoreArgs(session.defaultsFile, entry.database).join(' ')} < ${entry.file}`);
				await session.restore(entry.database, join(workdir, entry.file));
			}
		});
		return `${dumps.entries.map(entry => entry.database).join(', ')} restored from the dumps of ${dumps.takenAt}`;
	},
};

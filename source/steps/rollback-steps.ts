import {join} from 'node:path';
import {runMysqlRestore, withDefaultsFile} from '../adapters/mysql-clients.js';
import {dumpFile, mysqlRestoreArgs} from '../domain/dump-command.js';
import {ExternalError} from '../domain/errors.js';
import {sql} from '../domain/sql.js';
import {waitFor} from '../domain/wait.js';
import {corruptBackups, readManifest, type BackupEntry} from './backup-manifest.js';
import type {StepContext} from './step-context.js';
import {applyHa, readHa} from './ha-steps.js';
import {ignoreNotModified} from './stop-old.js';
import {cluster, type StepDefinition} from './step-types.js';
import {waitUntilOnline} from './verify.js';

/** The rollback, in order. Old containers are never removed; new ones are removed only here. */
export const rbDisableHa: StepDefinition = {
	id: 'rb-disable-ha',
	title: 'Rollback: disable HA',
	scope: 'cluster',
	destructive: true,
	describe: model => [cluster('sql', `${sql.writeHa(model.rmDb)}  -- current value with "enable":false`)],
	run: async ctx => applyHa(ctx, {enable: false}, 'disable HA for the rollback'),
};

export const rbStopNew: StepDefinition = {
	id: 'rb-stop-new',
	title: 'Rollback: stop the new containers',
	scope: 'node',
	destructive: true,
	describe: model => model.nodes.map(node => ({node: node.host, kind: 'docker' as const, text: `docker stop ${node.newContainer}  (T3 = the first stop)`})),
	runNode: async (ctx, node) => {
		const current = await node.engine.inspectContainer(node.newContainer);
		if (!current) return `${node.newContainer} does not exist`;
		if (!current.running) return `${node.newContainer} already ${current.status}`;
		const at = new Date().toISOString();
		if (ctx.journal.t3 === null || at < ctx.journal.t3) ctx.journal.t3 = at;
		await ctx.save();
		await node.engine.call(`stop ${node.newContainer}`, () => node.engine.api.getContainer(node.newContainer).stop({t: 60}).catch(ignoreNotModified));
		return `${node.newContainer} stopped`;
	},
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
	precheck: async ctx => {
		await verifiedBackups(ctx);
	},
	run: async ctx => {
		const {workdir} = ctx.model.plan;
		const entries = await verifiedBackups(ctx);
		if (!entries) return 'no backup was taken and nothing changed the metadata: nothing to restore';
		const metadb = await ctx.metadb();
		await withDefaultsFile(join(workdir, 'backups'), ctx.model.metadb, async defaults => {
			for (const entry of entries) {
				ctx.log(null, `${sql.dropDatabase(entry.database)}; ${sql.createDatabase(entry.database)}`);
				await metadb.execute(sql.dropDatabase(entry.database));
				await metadb.execute(sql.createDatabase(entry.database));
				ctx.log(null, `mysql ${mysqlRestoreArgs(defaults, entry.database).join(' ')} < ${entry.file}`);
				await runMysqlRestore(defaults, entry.database, join(workdir, entry.file));
			}
		});
		return `${entries.map(entry => entry.database).join(', ')} restored from verified dumps`;
	},
};

/** The manifest's dumps, each matching its sha256; undefined when no backup was ever needed. Throws otherwise. */
async function verifiedBackups(ctx: StepContext): Promise<BackupEntry[] | undefined> {
	const {workdir} = ctx.model.plan;
	const entries = await readManifest(workdir);
	if (!entries) {
		const touched = (['start-new', 'init'] as const).some(id => (ctx.journal.steps[id]?.status ?? 'pending') !== 'pending');
		if (touched) throw new ExternalError(`there is no backups/manifest.json in ${workdir}, but new containers were started.`, {hint: 'Restore the MetaDB from your own backup; the tool has none to use.'});
		return undefined;
	}
	const problems = await corruptBackups(workdir, entries);
	const missing = ctx.model.databases.filter(database => !entries.some(entry => entry.database === database));
	if (problems.length > 0 || missing.length > 0) {
		throw new ExternalError(`refusing to restore: ${[...problems, ...missing.map(database => `no dump of ${database}`)].join('; ')}.`, {
			hint: 'The dumps do not match backups/manifest.json; nothing was changed. Find intact copies before rolling back.',
		});
	}
	return entries;
}

export const rbStartOld: StepDefinition = {
	id: 'rb-start-old',
	title: 'Rollback: start the old containers',
	scope: 'node',
	destructive: true,
	describe: model =>
		model.nodes.flatMap(node => [
			{node: node.host, kind: 'docker' as const, text: `docker rm ${node.newContainer}  (the new container; its mounts are the old one's, kept)`},
			{node: node.host, kind: 'docker' as const, text: `docker start ${node.oldContainer}`},
		]),
	runNode: async (ctx, node) => {
		const fresh = await node.engine.inspectContainer(node.newContainer);
		if (fresh?.running) throw new ExternalError(`node ${node.host}: ${node.newContainer} is running.`, {hint: 'rb-stop-new must stop it first; run the rollback again.'});
		if (fresh) {
			ctx.log(node.host, `docker rm ${node.newContainer}`);
			await node.engine.call(`remove ${node.newContainer}`, () => node.engine.api.getContainer(node.newContainer).remove());
		}
		const old = await node.engine.inspectContainer(node.oldContainer);
		if (!old) throw new ExternalError(`node ${node.host}: the old container ${node.oldContainer} is gone.`, {hint: 'Re-create it with the old image and the same mounts by hand.'});
		if (old.running) return `${node.oldContainer} already running`;
		ctx.log(node.host, `docker start ${node.oldContainer}`);
		await node.engine.call(`start ${node.oldContainer}`, () => node.engine.api.getContainer(node.oldContainer).start());
		await waitFor(async () => (await node.engine.inspectContainer(node.oldContainer))?.running, {timeoutMs: 60_000, signal: ctx.signal, message: `node ${node.host}: ${node.oldContainer} did not start`});
		return `${node.oldContainer} running${fresh ? `, ${node.newContainer} removed` : ''}`;
	},
};

export const rbVerify: StepDefinition = {
	id: 'rb-verify',
	title: 'Rollback: verify',
	scope: 'cluster',
	destructive: true,
	describe: model => [cluster('wait', `old containers running and ${model.nodes.map(node => node.host).join(', ')} ONLINE with fresh heartbeats (timeout ${model.plan.verify.timeoutSec}s)`)],
	run: async ctx => {
		for (const node of ctx.model.nodes) {
			const old = await node.engine.inspectContainer(node.oldContainer);
			if (!old?.running) throw new ExternalError(`node ${node.host}: ${node.oldContainer} is ${old?.status ?? 'missing'}.`, {hint: 'Look at its logs (docker logs) on the node.'});
		}
		return waitUntilOnline(ctx);
	},
};

export const rbRestoreHa: StepDefinition = {
	id: 'rb-restore-ha',
	title: 'Rollback: restore ha.config',
	scope: 'cluster',
	destructive: true,
	describe: model => [cluster('sql', `${sql.writeHa(model.rmDb)}  -- with the value found before the upgrade: ${model.haFound ?? '(read at disable-ha)'}`)],
	run: async ctx => {
		const found = ctx.journal.haFound;
		if (found === null) return 'the upgrade never changed ha.config';
		const metadb = await ctx.metadb();
		const current = await readHa(metadb, ctx.model.rmDb);
		if (current.raw === found) return `ha.config is as found before the upgrade: ${found}`;
		if (ctx.model.plan.ha.mode === 'manual') {
			if (!(await ctx.confirm(`set ha.config back to ${found} in the OMS console, then confirm`))) throw new ExternalError('restoring ha.config was not confirmed.');
		} else {
			ctx.log(null, `${sql.writeHa(ctx.model.rmDb)}  -- ${found}`);
			await metadb.execute(sql.writeHa(ctx.model.rmDb), [found]);
		}
		const after = await readHa(metadb, ctx.model.rmDb);
		if (JSON.stringify(after.parsed) !== JSON.stringify(JSON.parse(found))) throw new ExternalError(`ha.config reads ${after.raw}, not the value found before the upgrade (${found}).`);
		return `ha.config restored: ${after.raw}`;
	},
};

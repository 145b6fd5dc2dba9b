import {ExternalError} from '../domain/errors.js';
import {sql} from '../domain/sql.js';
import {waitFor} from '../domain/wait.js';
import type {StepContext} from './step-context.js';
import {cluster, type StepDefinition} from './step-types.js';

/** A supervisor heartbeat older than this is not "fresh". */
export const freshHeartbeatSec = 30;

export const verify: StepDefinition = {
	id: 'verify',
	title: 'Verify every server is Online',
	scope: 'cluster',
	destructive: false,
	describe: model => [
		cluster('sql', sql.hostHealth(model.cmDb, model.regions.map(region => region.heartbeatDb))),
		cluster('wait', `poll until ${model.nodes.map(node => node.host).join(', ')} are ONLINE with a supervisor heartbeat under ${freshHeartbeatSec}s old (timeout ${model.plan.verify.timeoutSec}s)`),
	],
	run: async ctx => waitUntilOnline(ctx),
};

const healthSql = (ctx: StepContext) => sql.hostHealth(ctx.model.cmDb, ctx.model.regions.map(region => region.heartbeatDb));

/** Polls cm.host and the heartbeat tables until every node is ONLINE with a fresh heartbeat. */
export async function waitUntilOnline(ctx: StepContext): Promise<string> {
	const metadb = await ctx.metadb();
	let last = '';
	let lastStatus: Array<{host: string; status: string; age: number | undefined}> = [];
	try {
		await waitFor(
			async () => {
				const rows = await metadb.query<{ip: string; host_status: string; age_sec: number | null}>(healthSql(ctx));
				lastStatus = ctx.model.nodes.map(node => {
					const row = rows.find(candidate => candidate.ip === node.host);
					return {host: node.host, status: row?.host_status ?? 'NOT REGISTERED', age: row?.age_sec === null || row?.age_sec === undefined ? undefined : Number(row.age_sec)};
				});
				const line = lastStatus.map(item => `${item.host} ${item.status} (heartbeat ${item.age === undefined ? 'none' : `${item.age}s`})`).join(', ');
				if (line.replace(/\d+s\)/g, '') !== last.replace(/\d+s\)/g, '')) ctx.log(null, line);
				last = line;
				return lastStatus.every(item => item.status === 'ONLINE' && item.age !== undefined && item.age <= freshHeartbeatSec);
			},
			{timeoutMs: ctx.model.plan.verify.timeoutSec * 1000, intervalMs: 2000, signal: ctx.signal},
		);
	} catch (error) {
		if (ctx.signal.aborted) throw error;
		const down = lastStatus.filter(item => item.status !== 'ONLINE' || item.age === undefined || item.age > freshHeartbeatSec);
		throw new ExternalError(`not every server is Online after ${ctx.model.plan.verify.timeoutSec}s: ${down.map(item => `${item.host} ${item.status}, heartbeat ${item.age === undefined ? 'none' : `${item.age}s old`}`).join('; ')}.`, {
			hint: 'On those nodes check `supervisorctl status` in the container, OMS_HOST_IP and cm_nodes, and MetaDB reachability; then run again.',
		});
	}
	return `all ${ctx.model.nodes.length} servers ONLINE with fresh heartbeats`;
}

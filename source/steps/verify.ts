import {ExternalError} from '../domain/errors.js';
import {judgeHealth, type HostHealthRow, type NodeHealth} from '../domain/node-health.js';
import {sql} from '../domain/sql.js';
import {waitFor} from '../domain/wait.js';
import type {StepContext} from './step-context.js';
import type {StepDefinition} from './step-types.js';

export const verify: StepDefinition = {
	id: 'verify',
	title: 'Verify every server is Online',
	scope: 'cluster',
	destructive: false,
	run: async ctx => waitUntilOnline(ctx, ctx.outputs('start-new').startMarks),
};

/**
 * Polls cm.host and the heartbeat tables until every node is ONLINE with a heartbeat written after its
 * current container started (`startMarks`, the MetaDB's time before that start); a MetaDB failure is
 * retried until the timeout and then named, never taken for "not online yet" without saying so.
 */
export async function waitUntilOnline(
	ctx: StepContext,
	startMarks: Readonly<Record<string, string | null>>,
): Promise<string> {
	const healthSql = sql.hostHealth(
		ctx.model.cmDb,
		ctx.model.regions.map(region => region.heartbeatDb),
	);
	let shown = '';
	let last: NodeHealth[] = [];
	let lastError: Error | undefined;
	try {
		await waitFor(
			async () => {
				let rows: HostHealthRow[];
				try {
					rows = await (await ctx.metadb()).query<HostHealthRow>(healthSql);
					lastError = undefined;
				} catch (error) {
					lastError = error instanceof Error ? error : new Error(String(error));
					ctx.log(null, `MetaDB: ${lastError.message}; retrying`, 'warn');
					return false;
				}
				last = ctx.model.nodes.map(node =>
					judgeHealth(
						node.host,
						rows.find(row => row.ip === node.host),
						startMarks[node.host] ?? null,
					),
				);
				const line = last.map(health => `${health.host} ${health.words}`).join('; ');
				if (line.replace(/\d+s/g, '') !== shown.replace(/\d+s/g, '')) ctx.log(null, line);
				shown = line;
				return last.every(health => health.healthy);
			},
			{timeoutMs: ctx.model.plan.verify.timeoutSec * 1000, intervalMs: 2000, signal: ctx.signal},
		);
	} catch (error) {
		if (ctx.signal.aborted) throw error;
		const down = last.filter(health => !health.healthy).map(health => `${health.host}: ${health.words}`);
		const why = lastError ? `the MetaDB did not answer (${lastError.message})` : down.join('; ');
		throw new ExternalError(`not every server is Online after ${ctx.model.plan.verify.timeoutSec}s: ${why}.`, {
			cause: lastError ?? error,
			hint: 'On those nodes check `supervisorctl status` in the container, OMS_HOST_IP and cm_nodes, and MetaDB reachability; then run again.',
		});
	}
	return `all ${ctx.model.nodes.length} servers ONLINE with heartbeats written after their start`;
}

import {sql} from '../domain/sql.js';
import type {StepDefinition} from './step-types.js';

/** Rows per DELETE of the heartbeat cleanup: a few tenths of a second each on a MetaDB under load. */
export const cleanBatchRows = 10_000;

export const cleanHeartbeat: StepDefinition = {
	id: 'clean-heartbeat',
	title: 'Clean heatbeat_sequence',
	scope: 'cluster',
	destructive: false,
	run: async ctx => {
		const metadb = await ctx.metadb();
		const removed: string[] = [];
		for (const region of ctx.model.regions) {
			const [row] = await metadb.query<{max_id: number | null}>(sql.maxSequence(region.heartbeatDb));
			if (row?.max_id === null || row?.max_id === undefined) {
				removed.push(`${region.heartbeatDb}: empty`);
				continue;
			}
			// In batches, each well under the query deadline; a batch cut by it is killed on the server
			// (adapters/metadb).
			let rows = 0;
			for (;;) {
				const batch = await metadb.execute(sql.cleanSequence(region.heartbeatDb), [Number(row.max_id), cleanBatchRows]);
				rows += batch;
				if (batch < cleanBatchRows) break;
			}
			ctx.log(null, `${region.heartbeatDb}.heatbeat_sequence: removed ${rows} rows below id ${row.max_id}`);
			removed.push(`${region.heartbeatDb}: ${rows} rows removed`);
		}
		return removed.join('; ');
	},
};

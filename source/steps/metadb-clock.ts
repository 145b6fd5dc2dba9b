import type {StepContext} from './step-context.js';

/** The MetaDB's own clock (`YYYY-MM-DD hh:mm:ss`), the one heartbeats are written with. */
export async function metadbNow(ctx: StepContext): Promise<string> {
	const [row] = await (await ctx.metadb()).query<{now: string}>('SELECT NOW() AS now');
	return String(row?.now);
}

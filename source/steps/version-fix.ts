import type {Discovery} from '../config/discover-cluster.js';
import {sql} from '../domain/sql.js';
import {compareVersions, parseVersion} from '../domain/versions.js';
import type {StepContext} from './step-context.js';

export const versionRefusal = 'Version before 4.1.1 is not allowed to upgrade';

const minimum = {major: 4, minor: 1, patch: 1};

/** docker_init.sh refuses unless rm.oms_version has a row of 4.1.1 or later. */
export function versionRowMissing(discovery: Discovery): boolean {
	if (!discovery.meta) return false;
	return !(discovery.meta.versions ?? []).some(text => {
		const version = parseVersion(text);
		return version !== undefined && compareVersions(version, minimum) >= 0;
	});
}

export const versionFixQuestion = (ctx: StepContext, why: string) =>
	`${why}. Apply the guide's fix: create ${ctx.model.rmDb}.oms_version if missing and record ${ctx.model.from} (the version before the upgrade) in it?`;

/** The guide's fix for "Version before 4.1.1": the table if missing, then the source version as a row. */
export async function recordSourceVersion(ctx: StepContext): Promise<void> {
	const metadb = await ctx.metadb();
	ctx.log(null, sql.createVersionTable(ctx.model.rmDb));
	await metadb.execute(sql.createVersionTable(ctx.model.rmDb));
	ctx.log(null, sql.recordVersion(ctx.model.rmDb).replace('?', `'${ctx.model.from}'`));
	await metadb.execute(sql.recordVersion(ctx.model.rmDb), [ctx.model.from]);
}

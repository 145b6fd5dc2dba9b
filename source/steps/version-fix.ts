import type {Discovery} from '../config/discover-cluster.js';
import {sql} from '../domain/sql.js';
import {compareVersions, parseVersion} from '../domain/versions.js';
import type {StepContext} from './step-context.js';
import type {Offer} from './step-types.js';

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

/**
 * Offered before HA is turned off when rm.oms_version has no row docker_init.sh accepts: without it init
 * would refuse after downtime began. Written before the dumps, so a rollback's restore keeps it.
 */
export const versionFix: Offer = {
	applies: ctx =>
		versionRowMissing(ctx.discovery) && !ctx.outputs('init').versionFixApplied
			? `${ctx.model.rmDb}.oms_version has no row of 4.1.1 or later, so docker_init.sh would refuse ("${versionRefusal}") after downtime began`
			: undefined,
	question: versionFixQuestion,
	declined: 'the oms_version fix was declined; init would refuse after downtime began, so the upgrade does not start',
	apply: async ctx => {
		await recordSourceVersion(ctx);
		await ctx.record({step: 'disable-ha', versionFixWrittenAt: new Date().toISOString()});
	},
};

/**
 * What stays of the oms_version fix, for the words that say what stays changed; undefined when it was not written
 * before downtime.
 */
export function versionFixStays(
	journal: {readonly from: string | null; readonly versionFixWrittenAt?: string | null},
	rmDb = 'rm',
): string | undefined {
	if (!journal.versionFixWrittenAt) return undefined;
	return `the oms_version fix stays (the row ${journal.from ?? 'of the version before the upgrade'} in ${rmDb}.oms_version, written at ${journal.versionFixWrittenAt}; it is in this attempt's dumps, so a restore keeps it, and the old OMS reads it as its own version)`;
}

import {ExternalError} from '../domain/errors.js';
import {enableHaChanges, parseHaConfig, type HaConfig} from '../domain/ha-config.js';
import {formatDuration} from '../domain/format.js';
import type {StepContext} from './step-context.js';
import {ofAttempt} from '../domain/attempt-label.js';
import {applyHa, readHa} from './ha-steps.js';
import {stopTimeoutSec} from './stop-old.js';
import type {StepDefinition} from './step-types.js';
import {waitUntilOnline} from './verify.js';

export {rbRestore} from './rb-restore.js';
export {rbStartOld} from './rb-start-old.js';

/**
 * The rollback, in order. Which steps have work is decided once per attempt (engine/rulebook
 * `decideRollback`); the runner skips the others with the reason. Old containers are never removed;
 * the new ones are kept, stopped and renamed with the attempt id.
 */
export const rbDisableHa: StepDefinition = {
	id: 'rb-disable-ha',
	title: 'Rollback: disable HA',
	scope: 'cluster',
	destructive: true,
	run: async ctx => (await applyHa(ctx, {enable: false}, 'disable HA for the rollback')).summary,
};

export const rbStopNew: StepDefinition = {
	id: 'rb-stop-new',
	title: 'Rollback: stop the new containers',
	scope: 'node',
	destructive: true,
	runNode: async (ctx, node) => {
		const current = await node.engine.inspectContainer(node.newContainer);
		if (!current) return `${node.newContainer} does not exist`;
		if (!ofAttempt(current, ctx.attempt))
			return `${node.newContainer} is not a container of this attempt; left as it is`;
		if (!current.running) return `${node.newContainer} already ${current.status}`;
		// The rollback's downtime begins with its first stop: T3 is on disk before the stop.
		await ctx.record({step: 'rb-stop-new', node: node.host, stoppedAt: new Date().toISOString()});
		ctx.log(node.host, `docker stop -t ${stopTimeoutSec} ${node.newContainer}`);
		await node.engine.stopContainer(node.newContainer, stopTimeoutSec);
		return `${node.newContainer} stopped`;
	},
};

export const rbVerify: StepDefinition = {
	id: 'rb-verify',
	title: 'Rollback: verify',
	scope: 'cluster',
	destructive: true,
	run: async ctx => {
		for (const node of ctx.model.nodes) {
			const old = await node.engine.inspectContainer(node.oldContainer);
			if (!old?.running)
				throw new ExternalError(`node ${node.host}: ${node.oldContainer} is ${old?.status ?? 'missing'}.`, {
					hint: 'Look at its logs (docker logs) on the node.',
				});
		}
		const summary = await waitUntilOnline(ctx, ctx.outputs('rb-start-old').startMarks);
		return {summary, outputs: [{step: 'rb-verify', t4: new Date().toISOString()}]};
	},
};

/** The keys the upgrade changes in ha.config; the rollback gives each back its value as found. */
const upgradeKeys = ['enable', 'perceiveStoreClientCheckpoint', 'refetchStoreIntervalMin'] as const;

export const rbRestoreHa: StepDefinition = {
	id: 'rb-restore-ha',
	title: 'Rollback: restore ha.config',
	scope: 'cluster',
	destructive: true,
	run: async ctx => {
		const raw = ctx.outputs('disable-ha').haFound;
		const found = raw === null ? undefined : parseHaConfig(raw);
		if (raw === null || !found) return 'the upgrade never changed ha.config';
		const current = await readHa(await ctx.metadb(), ctx.model.rmDb);
		const changes: Record<string, unknown> = {};
		for (const key of upgradeKeys) if (key in found || key in current.parsed) changes[key] = found[key];
		const rule = outageRule(ctx, found);
		Object.assign(changes, rule?.changes);
		// Nothing else changed since: write back the very text found, byte for byte.
		const merged = {...current.parsed, ...changes};
		const exact = sameJson(merged, found) ? raw : undefined;
		const what = rule
			? `put ha.config back as found before the upgrade, with ${rule.words}`
			: 'put ha.config back as found before the upgrade';
		const {summary, raw: haAfter} = await applyHa(ctx, changes as HaConfig, what, exact);
		if (rule) ctx.log(null, `HA is back on under the guide's rule: ${rule.words}`);
		return {summary: rule ? `${summary} (${rule.words})` : summary, outputs: [{step: 'rb-restore-ha', haAfter}]};
	},
};

/**
 * The guide's rule for HA after an outage holds for the old OMS's own outage too (T1 until HA is on
 * again): with HA on before the upgrade, perceiveStoreClientCheckpoint=true, or refetchStoreIntervalMin
 * greater than the outage in minutes plus the margin, as the plan's ha.after says; every other key as found.
 */
function outageRule(ctx: StepContext, found: HaConfig): {changes: HaConfig; words: string} | undefined {
	const {t1} = ctx.outputs('stop-old');
	if (found.enable !== true || !t1) return undefined;
	const {after, refetchMarginMin} = ctx.model.plan.ha;
	const now = new Date();
	const changes = enableHaChanges(after, new Date(t1), now, refetchMarginMin, found);
	const outage = `the old OMS was down ${formatDuration((now.getTime() - Date.parse(t1)) / 1000)} (T1 ${t1} until now)`;
	return {
		changes,
		words:
			after === 'perceive'
				? `perceiveStoreClientCheckpoint=true: ${outage}`
				: `refetchStoreIntervalMin=${String(changes.refetchStoreIntervalMin)} (found ${String(found.refetchStoreIntervalMin ?? 'none')}): ${outage}, plus ${refetchMarginMin} min`,
	};
}

function sameJson(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
	const sorted = (value: Readonly<Record<string, unknown>>) =>
		JSON.stringify(
			Object.fromEntries(
				Object.entries(value)
					.filter(([, item]) => item !== undefined)
					.sort(([x], [y]) => x.localeCompare(y)),
			),
		);
	return sorted(a) === sorted(b);
}

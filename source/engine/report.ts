import {join} from 'node:path';
import {writeJsonAtomic} from '../adapters/json-file.js';
import type {Plan} from '../config/plan-types.js';
import {downtimeSeconds} from '../domain/downtime.js';
import {parseHaConfig} from '../domain/ha-config.js';
import {readManifest} from '../steps/backup-manifest.js';
import type {StepId} from '../steps/step-types.js';
import type {RunOutcome} from './events.js';
import type {Journal} from './journal.js';

export const reportFile = (workdir: string) => join(workdir, 'report.json');

/** `workdir/report.json` (SPEC §5): written when a run ends, whatever the outcome. */
export async function writeReport(plan: Plan, journal: Journal, outcome: RunOutcome, stepOrder: readonly StepId[]): Promise<void> {
	const steps = stepOrder.flatMap(id => {
		const record = journal.steps[id];
		if (!record) return [];
		return [
			{id, node: null, status: record.status, startedAt: record.startedAt, finishedAt: record.finishedAt, reason: record.reason},
			...Object.entries(record.nodes).map(([node, sub]) => ({id, node, status: sub.status, startedAt: sub.startedAt, finishedAt: sub.finishedAt, reason: sub.reason})),
		];
	});
	const report = {
		outcome: outcome === 'succeeded' || outcome === 'rolled-back' ? outcome : 'failed',
		detail: outcome,
		from: journal.from,
		to: journal.to,
		t1: journal.t1,
		t2: journal.t2,
		t3: journal.t3,
		downtimeSec: Math.round(downtimeSeconds(journal.t1, journal.t2, Date.now()) ?? 0),
		steps,
		backups: (await readManifest(plan.workdir)) ?? [],
		nodes: plan.nodes.map(node => ({host: node.host, oldContainer: node.container, newContainer: node.newContainer, imageId: journal.nodes[node.host]?.imageId ?? null})),
		ha: {before: parsed(journal.haFound), after: parsed(journal.haAfter)},
	};
	await writeJsonAtomic(reportFile(plan.workdir), report);
}

function parsed(raw: string | null): Record<string, unknown> {
	return (raw === null ? undefined : parseHaConfig(raw)) ?? {};
}

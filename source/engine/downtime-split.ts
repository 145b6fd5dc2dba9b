import type {UpgradeStepId} from '../domain/journal-types.js';

/** The steps that run while OMS is down (T1, the first stop, to T2, HA on), in order. */
export const downtimeStepIds: readonly UpgradeStepId[] = [
	'stop-old',
	'clean-heartbeat',
	'backup',
	'start-new',
	'init',
	'verify',
	'enable-ha',
];

/** How long each downtime step took in its last run (cluster-level records), for the split per step. */
export function downtimeSteps(
	steps: ReadonlyArray<{
		readonly id: string;
		readonly node: string | null;
		readonly startedAt: string | null;
		readonly finishedAt: string | null;
	}>,
): Array<{id: string; startedAt: string; finishedAt: string; seconds: number}> {
	return downtimeStepIds.flatMap(id => {
		const step = steps.find(candidate => candidate.id === id && candidate.node === null);
		if (!step?.startedAt || !step.finishedAt) return [];
		return [
			{
				id,
				startedAt: step.startedAt,
				finishedAt: step.finishedAt,
				// To the millisecond: the report shows a tenth under 10 s, and a whole second would read "1.0s" for 1.3 s.
				seconds: (Date.parse(step.finishedAt) - Date.parse(step.startedAt)) / 1000,
			},
		];
	});
}

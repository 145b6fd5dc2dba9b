import {rollbackStepIds, upgradeStepIds, type StepId} from '../../source/domain/journal-types.js';
import type {EngineEvent} from '../../source/domain/events.js';

/**
 * Where the crash walk kills the tool: inside a step (its first own event) or at its end (the step's succeeded event).
 */
export type CrashPoint = {
	/** The command that is killed. */
	readonly command: 'run' | 'rollback';
	readonly step: StepId;
	readonly at: 'inside' | 'after';
};

/** Every point, in the order a run reaches them: each upgrade step, then each rollback step. */
export const crashPoints: readonly CrashPoint[] = [
	...upgradeStepIds.flatMap(step => (['inside', 'after'] as const).map(at => ({command: 'run' as const, step, at}))),
	...rollbackStepIds.flatMap(step =>
		(['inside', 'after'] as const).map(at => ({command: 'rollback' as const, step, at})),
	),
];

export const pointName = (point: CrashPoint) => `${point.at}:${point.step}`;

/**
 * The event at which the walk kills. Inside: the step's own start (`step-started` for the whole step, which a
 * step done earlier never emits: it is only reported skipped); the kill lands while it works, or, for a step
 * of one quick statement on a loaded machine, just after it. After: the step's succeeded event (the journal
 * already says so: it is saved before observers hear of a change).
 */
export const reaches = (point: CrashPoint) => (event: EngineEvent) => {
	if (event.type !== 'step-started' && event.type !== 'step-finished') return false;
	if (event.step !== point.step || event.node !== null) return false;
	if (point.at === 'after') return event.type === 'step-finished' && event.status === 'succeeded';
	return event.type === 'step-started';
};

const subsetSize = 4;

/** Day of the year (1–366, UTC): the default seed, so one day's CI runs repeat each other. */
export const dayOfYear = (date: Date) =>
	Math.floor(
		(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - Date.UTC(date.getUTCFullYear(), 0, 0)) /
			86_400_000,
	);

/**
 * The points one walk visits. CRASH_POINTS=inside:backup,after:rb-restore names them; CRASH_WALK=all takes every
 * point; otherwise a rotating subset, one point from each quarter of the walk, chosen by CRASH_SEED (default:
 * the day of the year), so every point comes round within eight seeds.
 */
export function selectPoints(
	env: Readonly<Record<string, string | undefined>>,
	today = new Date(),
): {readonly points: readonly CrashPoint[]; readonly description: string} {
	if (env.CRASH_POINTS) {
		const names = env.CRASH_POINTS.split(',')
			.map(name => name.trim())
			.filter(Boolean);
		const unknown = names.filter(name => !crashPoints.some(point => pointName(point) === name));
		if (unknown.length > 0)
			throw new Error(
				`CRASH_POINTS: unknown point ${unknown.join(', ')}; points are ${crashPoints.map(pointName).join(', ')}`,
			);
		return {
			points: crashPoints.filter(point => names.includes(pointName(point))),
			description: `the points named by CRASH_POINTS (${names.length})`,
		};
	}
	if (env.CRASH_WALK === 'all')
		return {points: crashPoints, description: `the whole walk, ${crashPoints.length} points`};
	const seed = env.CRASH_SEED === undefined ? dayOfYear(today) : Number(env.CRASH_SEED);
	if (!Number.isInteger(seed) || seed < 0)
		throw new Error(`CRASH_SEED ${JSON.stringify(env.CRASH_SEED)} is not a whole number`);
	const stride = crashPoints.length / subsetSize;
	// A different offset in each quarter, so a subset mixes kills inside steps with kills at their ends.
	const chosen = new Set(
		Array.from({length: subsetSize}, (_, quarter) => quarter * stride + ((seed + quarter * 3) % stride)),
	);
	const points = crashPoints.filter((_, index) => chosen.has(index));
	const origin = env.CRASH_SEED === undefined ? 'the day of the year' : 'CRASH_SEED';
	return {
		points,
		description: `a rotating subset: seed ${seed} (${origin}), ${points.length} of ${crashPoints.length} points; repeat with CRASH_SEED=${seed}, or CRASH_POINTS=${points.map(pointName).join(',')}`,
	};
}

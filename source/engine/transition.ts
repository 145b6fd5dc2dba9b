import type {Journal, StepStatus, SubRecord} from '../domain/journal-types.js';
import {redact} from '../domain/redact.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now, type EventBus} from '../domain/events.js';

/**
 * Every state change is journaled (atomically) before observers hear of it. Each end of a step's run
 * (a failure, then its retry) is kept in `stepRuns` too: the step's record holds only the latest.
 */
export async function transition(
	ctx: {readonly save: () => Promise<void>; readonly journal: Journal},
	bus: EventBus,
	step: StepDefinition,
	node: string | null,
	record: SubRecord,
	status: StepStatus,
	reason: string,
): Promise<void> {
	const at = now();
	record.status = status;
	if (status === 'running') {
		record.startedAt = at;
		record.finishedAt = null;
	} else record.finishedAt = at;
	record.reason = reason ? redact(reason) : null;
	if (status !== 'running') {
		const {startedAt, finishedAt} = record;
		(ctx.journal.stepRuns ??= []).push({
			step: step.id,
			node,
			run: ctx.journal.runs.at(-1)?.id ?? null,
			status,
			startedAt,
			finishedAt,
			reason: record.reason,
		});
	}
	await ctx.save();
	if (status === 'running') bus.emit({type: 'step-started', at, step: step.id, node});
	else bus.emit({type: 'step-finished', at, step: step.id, node, status, reason: record.reason ?? ''});
}

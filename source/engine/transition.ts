import type {StepStatus, SubRecord} from '../domain/journal-types.js';
import {redact} from '../domain/redact.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now, type EventBus} from '../domain/events.js';

/** Every state change is journaled (atomically) before observers hear of it. */
export async function transition(
	ctx: {readonly save: () => Promise<void>},
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
	await ctx.save();
	if (status === 'running') bus.emit({type: 'step-started', at, step: step.id, node});
	else bus.emit({type: 'step-finished', at, step: step.id, node, status, reason: record.reason ?? ''});
}

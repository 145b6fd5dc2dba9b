import {describeError} from '../domain/errors.js';
import type {StepRecord, StepStatus, SubRecord} from '../domain/journal-types.js';
import {redact} from '../domain/redact.js';
import type {StepContext} from '../steps/step-context.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now, type EventBus} from './events.js';
import {stepRecord} from './journal.js';

/** Runs one step (all nodes of a node step concurrently), keeping the journal and the events in step. */
export async function runStep(step: StepDefinition, ctx: StepContext, bus: EventBus): Promise<string> {
	const record = stepRecord(ctx.journal, step.id);
	await transition(ctx, bus, step, null, record, 'running', '');
	try {
		const summary = step.runNode ? await runNodes(step, ctx, bus, record) : await step.run!(ctx);
		await transition(ctx, bus, step, null, record, 'succeeded', summary);
		return summary;
	} catch (error) {
		const status: StepStatus = ctx.signal.aborted ? 'interrupted' : 'failed';
		await transition(ctx, bus, step, null, record, status, describeError(error));
		throw error;
	}
}

/** Records a step the runner decided has nothing to do (a rollback step outside the rollback's scope). */
export async function skipStep(step: StepDefinition, ctx: StepContext, bus: EventBus, reason: string): Promise<void> {
	await transition(ctx, bus, step, null, stepRecord(ctx.journal, step.id), 'skipped', reason);
}

async function runNodes(step: StepDefinition, ctx: StepContext, bus: EventBus, record: StepRecord): Promise<string> {
	const results = await Promise.allSettled(
		ctx.model.nodes.map(async node => {
			const sub = (record.nodes[node.host] ??= {status: 'pending', startedAt: null, finishedAt: null, reason: null});
			if (sub.status === 'succeeded') return `${node.host}: done in an earlier run`;
			await transition(ctx, bus, step, node.host, sub, 'running', '');
			try {
				const summary = await step.runNode!(ctx, node);
				await transition(ctx, bus, step, node.host, sub, 'succeeded', summary);
				return summary;
			} catch (error) {
				await transition(ctx, bus, step, node.host, sub, ctx.signal.aborted ? 'interrupted' : 'failed', describeError(error));
				throw error;
			}
		}),
	);
	const failures = results.flatMap((result, index) =>
		result.status === 'rejected' ? [{host: ctx.model.nodes[index]!.host, error: result.reason as unknown}] : [],
	);
	if (failures.length === 1) throw failures[0]!.error;
	if (failures.length > 1) {
		throw new AggregateStepError(
			step.id,
			failures.map(failure => `${failure.host}: ${describeError(failure.error)}`),
		);
	}
	const after = step.after ? await step.after(ctx) : undefined;
	return after ?? `done on ${ctx.model.nodes.length} node(s)`;
}

export class AggregateStepError extends Error {
	override readonly name = 'AggregateStepError';

	constructor(step: string, failures: readonly string[]) {
		super(`${step} failed on ${failures.length} nodes: ${failures.join(' | ')}`);
	}
}

/** Every state change is journaled (atomically) before observers hear of it. */
export async function transition(
	ctx: StepContext,
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

import {describeError} from '../domain/errors.js';
import type {StepRecord, StepStatus} from '../domain/journal-types.js';
import type {StepContext} from '../steps/step-context.js';
import type {StepDefinition, StepResult} from '../steps/step-types.js';
import type {EventBus} from '../domain/events.js';
import {stepRecord} from '../domain/journal.js';
import type {RunContext} from './run-context.js';
import {transition} from './transition.js';

/**
 * Runs one step (all nodes of a node step concurrently), keeping the journal and the events in step: the
 * outputs a step returns are journaled with its success, in the same write.
 */
export async function runStep(step: StepDefinition, ctx: RunContext, bus: EventBus): Promise<string> {
	const record = stepRecord(ctx.journal, step.id);
	await transition(ctx, bus, step, null, record, 'running', '');
	try {
		const summary = step.runNode ? await runNodes(step, ctx, bus, record) : settle(ctx, await runCluster(step, ctx));
		await transition(ctx, bus, step, null, record, 'succeeded', summary);
		return summary;
	} catch (error) {
		const status: StepStatus = ctx.signal.aborted ? 'interrupted' : 'failed';
		await transition(ctx, bus, step, null, record, status, describeError(error));
		throw error;
	}
}

/** Records a step the runner decided has nothing to do (a rollback step outside the rollback's scope). */
export async function skipStep(step: StepDefinition, ctx: RunContext, bus: EventBus, reason: string): Promise<void> {
	await transition(ctx, bus, step, null, stepRecord(ctx.journal, step.id), 'skipped', reason);
}

function runCluster(step: StepDefinition, ctx: StepContext): Promise<StepResult> {
	if (!step.run) throw new Error(`step ${step.id} has neither run nor runNode`);
	return step.run(ctx);
}

/** Journals what a step returned (the caller's transition saves it) and gives back its summary. */
function settle(ctx: RunContext, result: StepResult): string {
	if (typeof result === 'string') return result;
	for (const output of result.outputs) ctx.take(output);
	return result.summary;
}

async function runNodes(step: StepDefinition, ctx: RunContext, bus: EventBus, record: StepRecord): Promise<string> {
	const {runNode} = step;
	if (!runNode) throw new Error(`step ${step.id} has no runNode`);
	const results = await Promise.allSettled(
		ctx.model.nodes.map(async node => {
			const sub = (record.nodes[node.host] ??= {status: 'pending', startedAt: null, finishedAt: null, reason: null});
			if (sub.status === 'succeeded') return `${node.host}: done in an earlier run`;
			await transition(ctx, bus, step, node.host, sub, 'running', '');
			try {
				const summary = settle(ctx, await runNode(ctx, node));
				await transition(ctx, bus, step, node.host, sub, 'succeeded', summary);
				return summary;
			} catch (error) {
				await transition(
					ctx,
					bus,
					step,
					node.host,
					sub,
					ctx.signal.aborted ? 'interrupted' : 'failed',
					describeError(error),
				);
				throw error;
			}
		}),
	);
	const failures = ctx.model.nodes.flatMap((node, index) => {
		const result = results[index];
		return result?.status === 'rejected' ? [{host: node.host, error: result.reason as unknown}] : [];
	});
	const [only] = failures;
	if (only && failures.length === 1) throw only.error;
	if (failures.length > 1) {
		throw new AggregateStepError(
			step.id,
			failures.map(failure => `${failure.host}: ${describeError(failure.error)}`),
		);
	}
	const after = step.after ? await step.after(ctx) : undefined;
	return after ?? `done on ${ctx.model.nodes.length} node(s)`;
}

class AggregateStepError extends Error {
	override readonly name = 'AggregateStepError';

	constructor(step: string, failures: readonly string[]) {
		super(`${step} failed on ${failures.length} nodes: ${failures.join(' | ')}`);
	}
}

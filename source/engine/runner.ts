import {Metadb} from '../adapters/metadb.js';
import {discover, type Discovery} from '../config/discover-cluster.js';
import type {Plan} from '../config/plan-types.js';
import {resolvePlan, type UpgradeModel} from '../config/resolve-plan.js';
import {describeError, OmsError} from '../domain/errors.js';
import {redact} from '../domain/redact.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import type {StepContext} from '../steps/step-context.js';
import type {StepDefinition, StepId} from '../steps/step-types.js';
import {confirmationText, selectSteps} from './selection.js';
import {now, type EventBus, type RunOutcome} from './events.js';
import {archiveJournal, openJournal, readJournal, saveJournal, type Journal} from './journal.js';
import {acquireRunLock} from './lock.js';
import {writeReport} from './report.js';
import {openRunLog} from './run-log.js';
import {runStep, stepRecord, transition} from './step-runner.js';

export type RunOptions = {
	readonly plan: Plan;
	readonly command: 'run' | 'rollback';
	readonly yes: boolean;
	readonly from?: string | undefined;
	readonly only?: string | undefined;
	readonly bus: EventBus;
	/** Asks the operator; the caller decides how (stdin line, panel dialog). Default answer is No. */
	readonly confirm: (question: string) => Promise<boolean>;
	readonly signal: AbortSignal;
};

export type RunResult = {readonly outcome: RunOutcome; readonly exitCode: number; readonly message: string};

/** Runs the upgrade or the rollback: resumable, journaled, locked, one step after another. */
export async function execute(options: RunOptions): Promise<RunResult> {
	const {plan, command} = options;
	const steps = command === 'run' ? upgradeSteps : rollbackSteps;
	const selected = selectSteps(steps, options.from, options.only);
	if (command === 'rollback' && !(await readJournal(plan.workdir))) {
		throw new OmsError(`there is no journal in ${plan.workdir}: this plan has not been run, so there is nothing to roll back.`, {hint: 'Check the plan file and its workdir.', exitCode: 2});
	}
	const journal = await openJournal(plan);
	const discovery = await discover(plan);
	const model = withJournal(resolvePlan(discovery), journal);
	const lock = await acquireRunLock(plan.workdir, `oms-upgrade ${command}`, model.metadb, model.rmDb, {
		log: text => options.bus.emit({type: 'log', at: now(), step: null, node: null, level: 'warn', text: redact(text)}),
	});
	try {
		return await runLocked(options, steps, selected, journal, discovery, model);
	} finally {
		await lock.release();
	}
}

async function runLocked(
	options: RunOptions,
	steps: readonly StepDefinition[],
	selected: readonly StepDefinition[],
	journal: Journal,
	discovery: Discovery,
	model: UpgradeModel,
): Promise<RunResult> {
	const {plan, command, bus} = options;
	const runId = `${now().replaceAll(/[-:]/g, '').slice(0, 15)}-${command}`;
	const log = await openRunLog(plan.workdir, runId, bus);
	journal.from ??= model.from;
	const run = {id: runId, command, startedAt: now(), finishedAt: null as string | null, outcome: 'running' as RunOutcome | 'running'};
	journal.runs.push(run);
	let metadb: Metadb | undefined;
	// Node steps save concurrently: writes are chained so each one lands whole and in order.
	let saving: Promise<void> = Promise.resolve();
	let lastTimes = '';
	const ctx: StepContext = {
		model,
		discovery,
		journal,
		save: () => {
			const times = `${journal.t1}|${journal.t2}|${journal.t3}`;
			if (times !== lastTimes) {
				lastTimes = times;
				bus.emit({type: 'times', at: now(), t1: journal.t1, t2: journal.t2, t3: journal.t3});
			}
			return (saving = saving.catch(() => undefined).then(() => saveJournal(plan.workdir, journal)));
		},
		metadb: async () => (metadb ??= await Metadb.connect(model.metadb)),
		log: (node, text, level = 'info') => bus.emit({type: 'log', at: now(), step: current, node, level, text: redact(text)}),
		progress: (node, done, total) => current && bus.emit({type: 'progress', at: now(), step: current, node, done, total, unit: 'bytes'}),
		confirm: question => (options.yes ? Promise.resolve(true) : options.confirm(question)),
		nodeState: async (node, status, reason = '') => {
			const record = stepRecord(journal, steps.find(step => step.id === current)!);
			const sub = (record.nodes[node] ??= {status: 'pending', startedAt: null, finishedAt: null, reason: null});
			await transition(ctx, bus, steps.find(step => step.id === current)!, node, sub, status, reason);
		},
		signal: options.signal,
	};
	let current: StepId | null = null;
	// Anything that escapes the steps (a journal that cannot be written, say) is a failed run, not a success.
	let result: RunResult = {outcome: 'failed', exitCode: 1, message: 'the run stopped on an unexpected error; the journal is kept, run again to resume.'};
	const warn = (what: string) => (error: unknown) => bus.emit({type: 'log', at: now(), step: null, node: null, level: 'warn', text: `${what}: ${describeError(error)}`});
	try {
		await ctx.save();
		bus.emit({type: 'run-started', at: now(), runId, command, steps: selected.map(step => step.id)});
		result = await runSelected(ctx, selected, options, id => (current = id));
	} finally {
		run.finishedAt = now();
		run.outcome = result.outcome;
		await ctx.save().catch(warn('cannot write the journal'));
		await writeReport(plan, journal, result.outcome, steps.map(step => step.id)).catch(warn('cannot write report.json'));
		// Rolled back: the cluster is as before the upgrade, so the next `run` starts from the beginning.
		if (result.outcome === 'rolled-back') await archiveJournal(plan.workdir, runId).catch(warn('cannot archive the journal'));
		bus.emit({type: 'run-finished', at: now(), outcome: result.outcome, exitCode: result.exitCode, message: result.message});
		await metadb?.close();
		await log.close();
	}
	return result;
}

async function runSelected(ctx: StepContext, selected: readonly StepDefinition[], options: RunOptions, setCurrent: (id: StepId | null) => void): Promise<RunResult> {
	const explicit = options.only !== undefined;
	const isDone = (step: StepDefinition) => ['succeeded', 'skipped'].includes(ctx.journal.steps[step.id]?.status ?? 'pending');
	for (const step of selected.filter(candidate => candidate.precheck && (explicit || !isDone(candidate)))) {
		try {
			await step.precheck!(ctx);
		} catch (error) {
			return {outcome: 'failed', exitCode: 1, message: `${step.id} cannot run, so nothing was started: ${describeError(error)}`};
		}
	}
	for (const step of selected) {
		const previous = ctx.journal.steps[step.id];
		// Preflight always runs: it is read-only and checks the world as it is now.
		if (!explicit && step.id !== 'preflight' && (previous?.status === 'succeeded' || previous?.status === 'skipped')) {
			options.bus.emit({type: 'step-finished', at: now(), step: step.id, node: null, status: 'skipped', reason: `done in an earlier run (${previous.finishedAt}): ${previous.reason ?? ''}`});
			continue;
		}
		if (options.signal.aborted) return interrupted(step.id);
		if (step.destructive && !options.yes && !(await options.confirm(confirmationText(step, ctx.model)))) {
			return {outcome: 'declined', exitCode: 1, message: `stopped before ${step.id}: not confirmed. Nothing of ${step.id} was done; run again to continue from here.`};
		}
		setCurrent(step.id);
		try {
			await runStep(step, ctx, options.bus);
		} catch (error) {
			if (options.signal.aborted) return interrupted(step.id);
			const exitCode = error instanceof OmsError && error.exitCode === 3 ? 3 : 1;
			return {outcome: 'failed', exitCode, message: `${step.id} failed: ${describeError(error)} The journal is kept; run again to resume.`};
		}
	}
	setCurrent(null);
	return options.command === 'run'
		? {outcome: 'succeeded', exitCode: 0, message: `OMS upgraded to ${ctx.model.to}.`}
		: {outcome: 'rolled-back', exitCode: 4, message: `rolled back to ${ctx.journal.from ?? 'the old version'}: old containers running, MetaDB restored, ha.config as found.`};
}

function interrupted(step: StepId): RunResult {
	return {outcome: 'interrupted', exitCode: 130, message: `interrupted at ${step}; the journal is kept, run again to resume.`};
}

/** On resume the journal knows better than the live MetaDB: init rewrote oms_version, disable-ha changed ha.config. */
function withJournal(model: UpgradeModel, journal: Journal): UpgradeModel {
	return {...model, from: journal.from ?? model.from, haFound: journal.haFound ?? model.haFound};
}

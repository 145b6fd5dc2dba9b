import {discover, type Discovery} from '../config/discover-cluster.js';
import type {Plan} from '../config/plan-types.js';
import {resolvePlan, type UpgradeModel} from '../config/resolve-plan.js';
import {describeError, OmsError} from '../domain/errors.js';
import {redact} from '../domain/redact.js';
import {livePorts} from '../adapters/live-ports.js';
import type {Journal, RunRecord} from '../domain/journal-types.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import type {StepDefinition} from '../steps/step-types.js';
import {alreadyUpgraded} from './already-upgraded.js';
import {now, type EventBus} from './events.js';
import {putHaBackBeforeDowntime} from './ha-put-back.js';
import {archiveJournal, compactTime, newJournal, ownJournal} from './journal.js';
import {acquireRunLock} from './lock.js';
import {writeReport} from './report.js';
import {runContext} from './run-context.js';
import {openRunLog, runLogFile} from './run-log.js';
import type {RunResult} from './run-result.js';
import {runRollback} from './rollback-run.js';
import {selectSteps} from './selection.js';
import {runUpgrade} from './upgrade-run.js';

export type {RunResult} from './run-result.js';

export type RunOptions = {
	readonly plan: Plan;
	readonly command: 'run' | 'rollback';
	readonly yes: boolean;
	readonly from?: string | undefined;
	readonly only?: string | undefined;
	readonly bus: EventBus;
	/** Asks the operator; the caller decides how (stdin line, panel dialog). Default answer is No. */
	readonly confirm: (question: string, kind: 'step' | 'rollback') => Promise<boolean>;
	readonly signal: AbortSignal;
};

/**
 * Runs the upgrade or the rollback of the plan's current attempt: resumable, journaled, locked, one
 * step after another under the preconditions of engine/upgrade-machine. `nothingToDo` is set when the
 * cluster is already upgraded (nothing was locked, journaled or changed).
 */
export async function execute(options: RunOptions): Promise<RunResult & {nothingToDo?: true}> {
	const {plan, command} = options;
	const steps = command === 'run' ? upgradeSteps : rollbackSteps;
	const chosen = selectSteps(steps, options.from, options.only);
	// Every run starts with the read-only preflight, whatever was selected.
	const selected = command === 'run' && chosen[0]?.id !== 'preflight' ? [upgradeSteps[0]!, ...chosen] : chosen;
	const existing = await ownJournal(plan);
	if (command === 'rollback' && !existing) {
		throw new OmsError(`there is no journal in ${plan.workdir}: no attempt of this plan is open, so there is nothing to roll back.`, {hint: 'Check the plan file and its workdir (a completed rollback archives its journal as journal.<attempt>.json).', exitCode: 2});
	}
	if (command === 'run' && existing?.rollback) {
		throw new OmsError(`a rollback of attempt ${existing.attempt} is in progress; an upgrade cannot start until it is finished.`, {hint: 'Finish it with `oms-upgrade rollback`.', exitCode: 2});
	}
	const discovery = await discover(plan);
	if (command === 'run') {
		const done = alreadyUpgraded(discovery, existing);
		if (done) return {outcome: 'succeeded', exitCode: 0, message: done, nothingToDo: true};
	}
	const journal = existing ?? newJournal(plan);
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

async function runLocked(options: RunOptions, steps: readonly StepDefinition[], selected: readonly StepDefinition[], journal: Journal, discovery: Discovery, model: UpgradeModel): Promise<RunResult> {
	const {plan, command, bus} = options;
	const runId = `${compactTime()}-${command}`;
	const log = await openRunLog(runLogFile(plan.workdir, journal.attempt, runId), bus);
	journal.from ??= model.from;
	const run: RunRecord = {id: runId, command, startedAt: now(), finishedAt: null, outcome: 'running', detail: null};
	journal.runs.push(run);
	const ports = livePorts(model);
	const ctx = runContext({ports, model, discovery, journal, steps, bus, yes: options.yes, confirm: question => options.confirm(question, 'step'), signal: options.signal});
	// Anything that escapes the steps (a journal that cannot be written, say) is a failed run, not a success.
	let result: RunResult = {outcome: 'failed', exitCode: 1, message: 'failed: the run stopped on an unexpected error; the journal is kept, run again to resume.'};
	const warn = (what: string) => (error: unknown) => bus.emit({type: 'log', at: now(), step: null, node: null, level: 'warn', text: `${what}: ${describeError(error)}`});
	try {
		await ctx.save();
		bus.emit({type: 'run-started', at: now(), runId, attempt: journal.attempt, command, steps: selected.map(step => step.id), logFile: log.file});
		const explicit = options.only !== undefined;
		result =
			command === 'run'
				? await runUpgrade(ctx, selected, {bus, yes: options.yes, explicit, confirm: ctx.confirm, signal: options.signal})
				: await runRollback(ctx, selected, {bus, yes: options.yes, explicit, confirm: question => options.confirm(question, 'rollback'), signal: options.signal});
	} catch (error) {
		result = {outcome: 'failed', exitCode: error instanceof OmsError ? error.exitCode : 1, message: `failed: ${describeError(error)}`};
		throw error;
	} finally {
		// Only a run cut short (a No, an interruption, a failure) puts HA back: one that did the steps it was
		// asked for (a single step) keeps them, and a refusal changes nothing at all.
		const cutShort = result.outcome === 'interrupted' || result.outcome === 'failed' || (result.outcome === 'paused' && result.exitCode !== 0);
		if (command === 'run' && cutShort) {
			const note = await putHaBackBeforeDowntime(ctx).catch((error: unknown) => `HA may still be OFF: ${describeError(error)}`);
			if (note) result = {...result, message: `${result.message} ${note}`};
		}
		run.finishedAt = now();
		run.outcome = result.outcome;
		run.detail = result.message;
		await ctx.save().catch(warn('cannot write the journal'));
		await writeReport(ports.files, plan, journal, result.outcome, result.message, steps.map(step => step.id), log.file).catch(warn('cannot write report.json'));
		// Rolled back: the attempt is closed; the next `run` is a new attempt with its own dumps.
		if (result.outcome === 'rolled-back') await archiveJournal(plan.workdir, journal.attempt).catch(warn('cannot archive the journal'));
		bus.emit({type: 'run-finished', at: now(), outcome: result.outcome, exitCode: result.exitCode, message: result.message});
		await ctx.close();
		await log.close();
	}
	return result;
}

/** On resume the journal knows better than the live MetaDB: init rewrote oms_version, disable-ha changed ha.config. */
function withJournal(model: UpgradeModel, journal: Journal): UpgradeModel {
	return {...model, from: journal.from ?? model.from, haFound: journal.haFound ?? model.haFound};
}

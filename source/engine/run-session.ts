import {redact} from '../domain/redact.js';
import type {Discovery} from '../config/discover-cluster.js';
import type {UpgradeModel} from '../config/resolve-plan.js';
import {describeError, OmsError} from '../domain/errors.js';
import {rollbackStepIds, upgradeStepIds, type Journal, type RunRecord} from '../domain/journal-types.js';
import type {RunPorts} from '../ports/run-ports.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now} from '../domain/events.js';
import {putHaBackBeforeDowntime} from './ha-put-back.js';
import {continueFromHere} from './step-loop.js';
import {stateWords} from './attempt-state.js';
import {observe} from './observe.js';
import {readHa} from '../steps/ha-steps.js';
import {compactTime} from '../domain/journal.js';
import {writeReport} from './report.js';
import {runContext, type RunContext} from './run-context.js';
import type {RunResult} from './run-result.js';
import {runRollback} from './rollback-run.js';
import type {RunOptions} from './run-options.js';
import {runUpgrade} from './upgrade-run.js';

/** What one locked run needs: the runner's options, the ports it acts through, and what it found. */
export type SessionOptions = RunOptions & {
	/** Everything the run touches besides the engines (those are in the model). */
	readonly ports: RunPorts;
	/** The command's steps, all of them. */
	readonly steps: readonly StepDefinition[];
	/** The steps to run, in order. */
	readonly selected: readonly StepDefinition[];
	/** The attempt's journal (new or resumed). */
	readonly journal: Journal;
	/** What discovery found at the start. */
	readonly discovery: Discovery;
	/** The upgrade the steps act on. */
	readonly model: UpgradeModel;
};

/**
 * One run under the locks: journals it, runs the upgrade or rollback loop, and whatever happens puts
 * HA back when a run was cut short before downtime, writes the journal and the report, and closes.
 */
export async function runSession(options: SessionOptions): Promise<RunResult> {
	const {plan, command, bus, ports, steps, selected, journal, discovery, model} = options;
	// Two runs of one command within a second (a refused run, then the next) keep their own id and log file.
	const stamp = `${compactTime()}-${command}`;
	const taken = journal.runs.filter(run => run.id === stamp || run.id.startsWith(`${stamp}-`)).length;
	const runId = taken === 0 ? stamp : `${stamp}-${taken + 1}`;
	const log = await ports.openRunLog(journal.attempt, runId, bus);
	journal.from ??= model.from;
	// The forecast the operator saw before the downtime: a run after T1 keeps the one made before it.
	if (options.forecast && journal.t1 === null) journal.forecast = options.forecast;
	const run: RunRecord = {
		id: runId,
		command,
		by: options.operator ?? null,
		startedAt: now(),
		finishedAt: null,
		outcome: 'running',
		detail: null,
	};
	journal.runs.push(run);
	const ctx = runContext({
		ports,
		model,
		discovery,
		journal,
		steps,
		bus,
		yes: options.yes,
		confirm: (question, kind, about) => options.confirm(question, kind, about),
		signal: options.signal,
		operator: options.operator ?? null,
	});
	// Anything that escapes the steps (a journal that cannot be written, say) is a failed run, not a success.
	let result: RunResult = {
		outcome: 'failed',
		exitCode: 1,
		message: 'failed: the run stopped on an unexpected error; the journal is kept, run again to resume.',
	};
	const warn = (what: string) => (error: unknown) =>
		bus.emit({type: 'log', at: now(), step: null, node: null, level: 'warn', text: `${what}: ${describeError(error)}`});
	try {
		await ctx.save();
		bus.emit({
			type: 'run-started',
			at: now(),
			runId,
			attempt: journal.attempt,
			command,
			steps: selected.map(step => step.id),
			logFile: log.file,
		});
		const explicit = options.only !== undefined;
		result =
			command === 'run'
				? await runUpgrade(ctx, selected, {
						bus,
						yes: options.yes,
						explicit,
						confirm: (question, about) => ctx.ask(question, 'step', about),
						signal: options.signal,
						betweenSteps: options.betweenSteps,
					})
				: await runRollback(ctx, selected, {
						bus,
						yes: options.yes,
						explicit,
						confirm: question => ctx.ask(question, 'rollback'),
						signal: options.signal,
						betweenSteps: options.betweenSteps,
						dryRun: options.dryRun,
					});
	} catch (error) {
		// Said as the run's outcome, with what stays changed, like any other failure (the journal may be unwritable).
		result = {
			outcome: 'failed',
			exitCode: error instanceof OmsError ? error.exitCode : 1,
			message: `failed at ${ctx.current ?? selected[0]?.id ?? command}: ${describeError(error)}`,
		};
	} finally {
		// Only a run cut short (a No, an interruption, a failure) puts HA back: one that did the steps it was
		// asked for (a single step) keeps them, and a refusal changes nothing at all.
		const cutShort =
			result.outcome === 'interrupted' ||
			result.outcome === 'failed' ||
			(result.outcome === 'paused' && result.exitCode !== 0);
		if (command === 'run' && cutShort) {
			const put = await putHaBackBeforeDowntime(ctx).catch((error: unknown) => ({
				text: `HA may still be OFF: ${describeError(error)}`,
				undone: false,
			}));
			// HA put back undoes disable-ha: the next run begins there, not at the step that was not confirmed.
			const resume = put?.undone
				? result.message.replace(continueFromHere, 'run again to continue from disable-ha, which disables HA again.')
				: result.message;
			if (put) result = {...result, message: `${resume} ${put.text}`};
		}
		// The journal keeps what happened; what stays changed is said with ages computed when shown (status, report).
		run.detail = redact(result.message);
		// A run that leaves the attempt unfinished says what stays changed: OMS down since T1, HA off, the new OMS
		// unverified.
		const left =
			result.outcome !== 'succeeded' && result.outcome !== 'rolled-back' && !options.dryRun
				? await lookNow(ctx, options.signal)
				: undefined;
		if (left) result = {...result, message: `${result.message} ${left}`};
		// A dry run's outcome is what the run would have come to; its last line says that nothing was changed.
		if (options.dryRun)
			result = {
				...result,
				message: `dry run, nothing was changed: ${result.message.replace(/ ?(The journal is kept; run again to resume\.|run again to continue from [\w-]+(, which disables HA again)?\.)$/, '')}`,
			};
		run.finishedAt = now();
		run.outcome = result.outcome;
		if (options.dryRun) run.detail = redact(result.message);
		await ctx.save().catch(warn('cannot write the journal'));
		await writeReport(
			ports.files,
			plan,
			journal,
			result.outcome,
			result.message,
			// Every step of the attempt, whichever command wrote the report: a rollback's keeps the upgrade's too.
			[...upgradeStepIds, ...rollbackStepIds],
			log.file,
		).catch(warn('cannot write report.json'));
		// Rolled back: the attempt is closed; the next `run` is a new attempt with its own dumps.
		if (result.outcome === 'rolled-back')
			await ports.journal.archive(journal.attempt).catch(warn('cannot archive the journal'));
		bus.emit({
			type: 'run-finished',
			at: now(),
			outcome: result.outcome,
			exitCode: result.exitCode,
			message: result.message,
		});
		await ctx.close();
		await log.close();
	}
	return result;
}

/**
 * The state words at the end of a run, from the journal checked against the cluster (every call has its
 * deadline). When the cluster does not answer in time, the journal alone speaks, and says where it cannot be sure.
 */
async function lookNow(ctx: RunContext, signal: AbortSignal): Promise<string | undefined> {
	const read = Promise.all([
		observe(ctx.model, ctx.journal.attempt).catch(() => undefined),
		ctx
			.metadb()
			.then(async metadb => (await readHa(metadb, ctx.model.rmDb)).raw)
			.catch(() => undefined),
	]);
	// After Ctrl-C the look is short: a frozen engine must not hold the exit (the journal then speaks alone).
	let timer: NodeJS.Timeout | undefined;
	const cut = new Promise<[undefined, undefined]>(
		resolve => (timer = setTimeout(() => resolve([undefined, undefined]), signal.aborted ? 2000 : 60_000)),
	);
	const [live, ha] = await Promise.race([read, cut]).finally(() => clearTimeout(timer));
	return stateWords(ctx.journal, new Date(), live, ha);
}

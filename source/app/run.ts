import {forecastFor} from './forecast.js';
import {currentOperator} from '../adapters/operator-identity.js';
import {liveWiring, type AppWiring} from './wiring.js';
import {resolvePlan, type UpgradeModel} from '../config/resolve-plan.js';
import {redact} from '../domain/redact.js';
import {ExternalError, OmsError} from '../domain/errors.js';
import type {Journal} from '../domain/journal-types.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import {admissionError, withStateWords} from '../engine/admission.js';
import {alreadyUpgraded} from '../engine/already-upgraded.js';
import {now} from '../domain/events.js';
import {newJournal} from '../domain/journal.js';
import type {RunOptions} from '../engine/run-options.js';
import {runSession, type SessionOptions} from '../engine/run-session.js';
import {dryRunSession} from '../dry-run/dry-run-session.js';
import {Recorder} from '../dry-run/recorder.js';
import type {RunResult} from '../engine/run-result.js';
import {selectSteps} from '../engine/selection.js';

export type {RunResult} from '../engine/run-result.js';

export type {RunOptions} from '../engine/run-options.js';

/**
 * Runs the upgrade or the rollback of the plan's current attempt: resumable, journaled, locked, one
 * step after another under the preconditions of engine/rulebook. `nothingToDo` is set when the
 * cluster is already upgraded (nothing was locked, journaled or changed).
 */
export const execute = (options: RunOptions) => executeWith(options, liveWiring);

/** What a run needs of the wiring. */
export type RunWiring = Pick<AppWiring, 'readJournal' | 'discover' | 'ports' | 'lock' | 'clock'> &
	Partial<Pick<AppWiring, 'preflight' | 'attempts'>>;

/**
 * A MetaDB that cannot be reached to take the run lock stops the run before any step, as a failed
 * preflight does (exit 3): nothing was run. Another run holding the lock stays what it is (exit 1).
 */
function lockUnreachable(error: ExternalError): OmsError {
	return new OmsError(`cannot take the run lock: ${error.message} Nothing was run.`, {
		hint: error.hint,
		cause: error.cause,
		exitCode: 3,
	});
}

/** `execute` over any wiring: the tests' explorer runs this very code over fake ports. */
export async function executeWith(
	asked: RunOptions,
	wiring: RunWiring,
	again = false,
): Promise<RunResult & {nothingToDo?: true}> {
	// The audit trail keeps who ran it and from where with every answer.
	const options: RunOptions = {...asked, operator: asked.operator ?? currentOperator()};
	const {plan, command} = options;
	const steps = command === 'run' ? upgradeSteps : rollbackSteps;
	const chosen = selectSteps(steps, options.from, options.only);
	// Every run starts with the read-only preflight, whatever was selected.
	const selected =
		command === 'run' && chosen[0]?.id !== 'preflight'
			? [...upgradeSteps.filter(step => step.id === 'preflight'), ...chosen]
			: chosen;
	const existing = await wiring.readJournal(plan);
	const refusal = admissionError(command, existing, plan.workdir);
	if (refusal) throw refusal;
	const discovery = await wiring.discover(plan);
	if (command === 'run') {
		const done = alreadyUpgraded(discovery, existing);
		if (done) return {outcome: 'succeeded', exitCode: 0, message: done, nothingToDo: true};
	}
	const journal = existing ?? newJournal(plan, wiring.clock());
	let model: UpgradeModel;
	try {
		model = withJournal(resolvePlan(discovery), journal);
	} catch (error) {
		// Mid-upgrade, a node that cannot be read must not hide what stays changed (OMS down, HA off).
		throw withStateWords(error, existing);
	}
	// The downtime forecast, kept with the attempt so report.json sets it against the actual (read only).
	const forecast =
		command === 'run' && !options.dryRun && journal.t1 === null && wiring.preflight && wiring.attempts
			? await forecastFor(discovery, existing, wiring.preflight, wiring.attempts(plan)).catch(() => undefined)
			: undefined;
	if (options.dryRun)
		return dryRun(options, {
			ports: wiring.ports(model),
			steps,
			selected,
			journal: structuredClone(journal),
			discovery,
			model,
		});
	const lock = await wiring
		.lock(plan, `oms-upgrade ${command}`, model, text =>
			options.bus.emit({type: 'log', at: now(), step: null, node: null, level: 'warn', text: redact(text)}),
		)
		.catch((error: unknown) => {
			// Another run holding the lock is changing the cluster now: the journal read before says nothing
			// true of it (a step it is running reads as one that "did not finish"). Its refusal names that run.
			if (!(error instanceof ExternalError)) throw error;
			throw withStateWords(lockUnreachable(error), existing);
		});
	// The journal was read before the lock (admission and discovery need it first): another run may have
	// ended in between. Read under the lock, it must be the same, or this run starts over on the new one.
	let changed = false;
	try {
		changed = JSON.stringify((await wiring.readJournal(plan)) ?? null) !== JSON.stringify(existing ?? null);
		if (!changed)
			return await runSession({
				...options,
				forecast: options.forecast ?? forecast,
				ports: wiring.ports(model),
				steps,
				selected,
				journal,
				discovery,
				model,
			});
	} finally {
		await lock.release();
	}
	if (again)
		throw new OmsError(
			`the journal in ${plan.workdir} changed twice while this run was starting: another oms-upgrade is using this workdir.`,
			{
				hint: 'Let it finish (`oms-upgrade status`), then run again.',
				exitCode: 1,
			},
		);
	options.bus.emit({
		type: 'log',
		at: now(),
		step: null,
		node: null,
		level: 'warn',
		text: 'the journal changed while this run was starting (another run ended): starting over on it',
	});
	return executeWith(options, wiring, true);
}

/** `run --dry-run`, `rollback --dry-run`: each write the run would make is shown as a log line instead. */
async function dryRun(options: RunOptions, session: Omit<SessionOptions, keyof RunOptions>): Promise<RunResult> {
	const recorder = new Recorder();
	recorder.onRecord = action =>
		options.bus.emit({
			type: 'log',
			at: now(),
			step: action.step,
			node: action.node,
			level: 'info',
			// `docker stop …` says its kind already; `sql`, `file`, `wait` lines are named by it.
			text: redact(
				`dry run, not done: ${action.text.startsWith(`${action.kind} `) ? '' : `${action.kind} `}${action.text}`,
			),
		});
	recorder.record(null, 'file', `take the run lock in ${options.plan.workdir} and the MetaDB lock`);
	return dryRunSession({...options, ...session}, recorder);
}

/** On resume the journal knows better than the live MetaDB: init rewrote oms_version, disable-ha changed ha.config. */
export function withJournal(model: UpgradeModel, journal: Journal): UpgradeModel {
	return {...model, from: journal.from ?? model.from, haFound: journal.haFound ?? model.haFound};
}

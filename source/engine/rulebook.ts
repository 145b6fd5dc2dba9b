import {
	rollbackStepIds,
	upgradeStepIds,
	type Journal,
	type RollbackScope,
	type StepId,
} from '../domain/journal-types.js';
import {versionFix} from '../steps/version-fix.js';
import type {Offer} from '../steps/step-types.js';
import {hasStarted, isDone} from '../domain/journal.js';
import {
	both,
	metadataRestoredIfChanged,
	metadataTouched,
	newRunning,
	newStopped,
	noNewStarted,
	nothingRunning,
	oldStopped,
	type LiveFacts,
	type LiveRule,
} from './live-facts.js';
import {doesItFirst} from '../domain/advice-words.js';

export type {LiveFacts, LiveNode} from './live-facts.js';

/**
 * The rulebook: every step of both directions, as data. The runner (engine/step-loop) is generic: it
 * reads a step's rule, never its id.
 *
 * The upgrade of one attempt:
 *
 *        preflight       stage-image        disable-ha          stop-old (T1)
 *   NEW ───────────▶ CHECKED ───────────▶ STAGED ───────────▶ HA-OFF ─────────────▶ DOWN
 *                       ▲                                        │                     │ clean-heartbeat
 *                       └── a run that ends before stop-old ─────┘                     ▼
 *                           puts ha.config back as found                            CLEANED
 *                                                                                      │ backup
 *          enable-ha (T2)             verify                init          start-new    ▼
 *   UPGRADED ◀────────── VERIFIED ◀────────── MIGRATED ◀────────── NEW-UP ◀──────── BACKED-UP
 *
 * The rollback, decided once per attempt (`decideRollback`), from any state:
 *   ha-only      nothing was stopped              → rb-restore-ha
 *   restart-old  stopped, metadata intact         → rb-disable-ha, rb-start-old, rb-verify, rb-restore-ha
 *   restore      a new container ran / init ran   → every rollback step, rb-restore before rb-start-old
 *
 * A step runs only when every step it `needs` is done in this attempt (a step outside the rollback's
 * scope counts as done: it has nothing to do), its `live` facts hold on the cluster read right before,
 * and, where it says `dumps`, this attempt's dumps match their sha256. `--from`/`--only` choose steps in
 * both directions; they never skip a rule. A step whose rule fails is refused: it does not run and its
 * record does not change. Invariant: an old OMS container never starts over metadata this attempt
 * changed unless this attempt's dumps were restored first (rb-start-old's `live`).
 */
export type Rule = {
	/** Steps this attempt must have done first (a step outside the current scope counts as done). */
	readonly needs: readonly StepId[];
	/** What must be true on the live cluster right before the step. */
	readonly live?: LiveRule;
	/** This attempt's dumps must exist and match their sha256. */
	readonly dumps?: boolean;
	/** What the step changes, in an operator's words. */
	readonly changes: string;
	/** Rollback steps: the scopes in which the step has work; outside them it is skipped, saying why. */
	readonly scopes?: readonly RollbackScope['kind'][];
	/**
	 * The step whose question is asked before this one runs, unless --yes: its own, or a later one it only
	 * leads to (HA is turned off only on the way to stopping OMS, so disable-ha asks stop-old's question
	 * when stop-old is selected too). Rollback steps ask nothing: the rollback's one question covers them.
	 */
	readonly asks?: StepId;
	/**
	 * Reads the live cluster before it runs though no live fact is required (start-new's question names kept
	 * containers).
	 */
	readonly readsLive?: boolean;
	/** Offered (asked, then written) before the step runs, when it applies: the guide's oms_version fix. */
	readonly offers?: Offer;
	/** Runs in every run, even when done (preflight: the checks describe the cluster as it is now). */
	readonly everyRun?: boolean;
	/** What the step leaves ha.config as (when HA was on before the upgrade). */
	readonly ha?: 'off' | 'on' | 'as-found';
	/** Starts or stops OMS containers: cut short, the journal alone cannot tell what runs. */
	readonly moves?: true;
	/** The part of the step's finish reason that the direction's last words repeat (rb-restore's proof). */
	readonly proves?: RegExp;
	/** Why the step has nothing to do in this attempt although it is in scope. */
	readonly nothingToDo?: (journal: Journal) => string | undefined;
};

/** The scope a step runs in: the upgrade, or the kind of rollback this attempt decided. */
export type Scope = 'upgrade' | RollbackScope['kind'];

const restart = ['restart-old', 'restore'] as const;

export const rulebook: Readonly<Record<StepId, Rule>> = {
	preflight: {needs: [], changes: 'nothing (read-only checks)', everyRun: true},
	'stage-image': {needs: ['preflight'], changes: "loads the new image into each node's engine"},
	'disable-ha': {
		needs: ['preflight'],
		changes: 'HA off for the upgrade',
		asks: 'stop-old',
		offers: versionFix,
		ha: 'off',
	},
	'stop-old': {
		needs: ['preflight', 'stage-image', 'disable-ha'],
		changes: 'stops every old container (T1: downtime begins)',
		asks: 'stop-old',
		moves: true,
	},
	'clean-heartbeat': {
		needs: ['stop-old'],
		live: both(oldStopped, noNewStarted),
		changes: "deletes heatbeat_sequence's old rows",
	},
	backup: {
		needs: ['clean-heartbeat'],
		live: both(oldStopped, noNewStarted),
		changes: "writes this attempt's dumps to the workdir",
	},
	'start-new': {
		needs: ['backup'],
		live: oldStopped,
		dumps: true,
		changes: 'creates and starts the new containers (IS_UPGRADE=true)',
		asks: 'start-new',
		readsLive: true,
		moves: true,
	},
	init: {
		needs: ['start-new'],
		live: newRunning,
		changes: 'docker_init.sh migrates the MetaDB to the target version',
		asks: 'init',
	},
	verify: {needs: ['init'], live: newRunning, changes: 'nothing (waits for every node ONLINE with a fresh heartbeat)'},
	'enable-ha': {
		needs: ['verify'],
		changes: "ha.config enable=true with the guide's rule (T2: downtime ends)",
		ha: 'on',
	},
	'rb-disable-ha': {needs: [], scopes: restart, changes: 'ha.config enable=false', ha: 'off'},
	'rb-stop-new': {
		needs: ['rb-disable-ha'],
		scopes: ['restore'],
		changes: "stops this attempt's new containers (T3)",
		moves: true,
	},
	'rb-restore': {
		needs: ['rb-stop-new'],
		scopes: ['restore'],
		live: nothingRunning,
		dumps: true,
		changes: "drops and re-creates the MetaDB's databases from this attempt's dumps",
		proves: /restored \d+ tables, row counts equal.*$/,
	},
	'rb-start-old': {
		needs: ['rb-disable-ha', 'rb-stop-new', 'rb-restore'],
		scopes: restart,
		live: both(newStopped, metadataRestoredIfChanged),
		changes: 'keeps the new containers (renamed) and starts the old ones',
		moves: true,
	},
	'rb-verify': {
		needs: ['rb-start-old'],
		scopes: restart,
		changes: 'nothing (waits for every node ONLINE with a fresh heartbeat)',
	},
	'rb-restore-ha': {
		needs: ['rb-verify'],
		changes: "ha.config as found before the upgrade (HA back on under the guide's rule over the whole outage)",
		nothingToDo: journal => (journal.haFound === null ? 'this attempt never changed ha.config' : undefined),
		ha: 'as-found',
	},
};

/** Whether a step has work in this scope (upgrade steps always do). */
export const inScope = (step: StepId, scope: Scope): boolean =>
	scope === 'upgrade' || (rulebook[step].scopes?.includes(scope) ?? true);

/** The steps of `needs` that are neither done nor outside the scope; `alsoDone` are done before it in this run. */
function missingNeeds(journal: Journal, step: StepId, scope: Scope, alsoDone: readonly StepId[] = []): StepId[] {
	return rulebook[step].needs.filter(
		need => inScope(need, scope) && !isDone(journal, need) && !alsoDone.includes(need),
	);
}

function notDone(journal: Journal, missing: readonly StepId[], scope: Scope): string {
	const where =
		scope === 'upgrade' ? `this attempt (${journal.attempt})` : `this rollback of attempt ${journal.attempt}`;
	// `--from` the first step of the direction not done: a missing step may itself need one not done yet, and
	// `--from` it would be refused in turn (preflight runs first in every run).
	const [command, from] =
		scope === 'upgrade'
			? (['run', upgradeStepIds.find(id => id !== 'preflight' && !isDone(journal, id))] as const)
			: (['rollback', nextRollbackStep(journal, scope)] as const);
	const next = `: ${doesItFirst.line(command, String(from ?? missing[0]))}, which does ${missing.length > 1 ? 'them' : 'it'} first`;
	return `${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} not been done in ${where}${next}`;
}

/**
 * Before anything runs: every step of the selection must have what it needs either done in this
 * attempt or selected before it. Returns the first step that cannot run, with why.
 */
export function unmetBeforehand(
	journal: Journal,
	selected: readonly StepId[],
	scope: Scope = 'upgrade',
): {step: StepId; reason: string} | undefined {
	for (const [index, step] of selected.entries()) {
		if (isDone(journal, step) || !inScope(step, scope)) continue;
		const missing = missingNeeds(journal, step, scope, selected.slice(0, index));
		if (missing.length > 0) return {step, reason: notDone(journal, missing, scope)};
	}
	return undefined;
}

/** Right before the step: what it needs is done, and the cluster is as the step requires. */
export function unmetNow(
	journal: Journal,
	step: StepId,
	live: LiveFacts,
	scope: Scope = 'upgrade',
): string | undefined {
	const missing = missingNeeds(journal, step, scope);
	if (missing.length > 0) return notDone(journal, missing, scope);
	return rulebook[step].live?.(live, journal);
}

/**
 * `--only X` of a step already done does it again, unless a step done after it changed ha.config too:
 * rb-disable-ha again after rb-restore-ha would leave a finished rollback with HA off. Why not, or undefined.
 */
export function redoUndoes(journal: Journal, step: StepId): string | undefined {
	const order: readonly StepId[] = [...upgradeStepIds, ...rollbackStepIds];
	if (!rulebook[step].ha || !isDone(journal, step)) return undefined;
	const later = order
		.slice(order.indexOf(step) + 1)
		.filter(id => rulebook[id].ha && journal.steps[id]?.status === 'succeeded');
	if (later.length === 0) return undefined;
	return `${step} was done in this attempt and ${later.join(', ')} changed ha.config after it: doing ${step} again now would undo that`;
}

/** The first step of the direction this attempt has not finished; undefined when it is finished. */
function nextStep(journal: Journal, order: readonly StepId[]): StepId | undefined {
	return order.find(step => !isDone(journal, step));
}

/** `paused at X`: the first upgrade step this attempt has not finished; undefined when it is upgraded. */
export const nextUpgradeStep = (journal: Journal, order: readonly StepId[] = upgradeStepIds) =>
	nextStep(journal, order);

/** The first rollback step with work left in the journaled scope; undefined when the rollback is done. */
export const nextRollbackStep = (journal: Journal, scope: Scope) =>
	rollbackStepIds.find(step => inScope(step, scope) && !isDone(journal, step));

/** What a rollback of this attempt undoes, from the journal confirmed by the live cluster. */
export function decideRollback(journal: Journal, live: LiveFacts, at: string): RollbackScope {
	const touched = metadataTouched(journal, live);
	if (touched)
		return {kind: 'restore', reason: `${touched}: the MetaDB is restored from this attempt's dumps`, decidedAt: at};
	if (hasStarted(journal, 'stop-old'))
		return {
			kind: 'restart-old',
			reason: hasStarted(journal, 'clean-heartbeat')
				? "the old containers were stopped and no OMS metadata was changed (only heatbeat_sequence's old rows were cleaned, as the guide does before its dumps): they are started again, nothing is restored"
				: 'the old containers were stopped and no metadata was changed: they are started again, nothing is restored',
			decidedAt: at,
		};
	return {kind: 'ha-only', reason: 'nothing was stopped: only ha.config is put back as found', decidedAt: at};
}

/**
 * Why a step is skipped in this attempt, or undefined when it has work: outside the scope, or nothing of it to undo.
 */
export function skipReason(step: StepId, scope: Scope, journal: Journal, scopeReason: string): string | undefined {
	return inScope(step, scope) ? rulebook[step].nothingToDo?.(journal) : scopeReason;
}

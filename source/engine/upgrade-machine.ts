import {neverStarted, type ContainerSnapshot, type ContainerSummary} from '../ports/docker-port.js';
import type {Journal, RollbackScope, StepId, UpgradeStepId} from '../domain/journal-types.js';
import {hasStarted, isDone} from './journal.js';

/**
 * The upgrade of one attempt as a state machine. The state is what the journal says this attempt did,
 * checked against what the live cluster shows; only the runner moves it, one step at a time, and only
 * when the step's preconditions below hold.
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
 * Every `run` starts with preflight (read-only), so CHECKED always describes the cluster as it is now.
 * `--from`/`--only` choose steps; they never skip a precondition. A step whose preconditions fail is
 * refused (it does not run and its record does not change), which is not a failure.
 *
 * Rollback, from any state, undoes what this attempt did, decided once (`decideRollback`):
 *   nothing stopped                          → ha.config back as found, nothing else;
 *   old containers stopped, metadata intact  → restart the old containers, no restore;
 *   new containers started or init ran       → stop them, restore this attempt's verified dumps,
 *                                              restart the old containers.
 * The attempt then closes; the next `run` is a new attempt with its own dumps.
 */
export type LiveNode = {
	readonly host: string;
	readonly old: ContainerSnapshot | undefined;
	/** The container under the plan's new name. */
	readonly fresh: ContainerSnapshot | undefined;
	/** New containers kept (stopped, renamed) by rollbacks of earlier attempts. */
	readonly kept: readonly ContainerSummary[];
};

export type LiveFacts = {readonly nodes: readonly LiveNode[]};

/** The label every container this tool creates carries: the attempt that created it. */
export const attemptLabel = 'oms-upgrade.attempt';

export const ofAttempt = (container: {labels: Readonly<Record<string, string>>} | undefined, attempt: string) => container?.labels[attemptLabel] === attempt;

type LiveRule = (live: LiveFacts, journal: Journal) => string | undefined;

export type Preconditions = {
	/** Steps this attempt must have finished first. */
	readonly needs: readonly UpgradeStepId[];
	/** What must be true on the cluster right now. */
	readonly live?: LiveRule;
	/** This attempt's dumps must exist and match their sha256. */
	readonly dumps?: boolean;
};

const oldStopped: LiveRule = live => {
	const running = live.nodes.flatMap(node => (node.old?.running ? [`${node.host} (${node.old.name})`] : []));
	return running.length > 0 ? `the old container runs on ${running.join(', ')}` : undefined;
};

const noNewStarted: LiveRule = (live, journal) => {
	if (hasStarted(journal, 'start-new'))
		return 'start-new has already started new containers in this attempt: a dump now would hold metadata they may have changed';
	const started = live.nodes.filter(node => node.fresh && ofAttempt(node.fresh, journal.attempt) && !neverStarted(node.fresh));
	return started.length > 0 ? `new containers of this attempt have run on ${started.map(node => node.host).join(', ')}` : undefined;
};

const newRunning: LiveRule = (live, journal) => {
	const down = live.nodes.filter(node => !node.fresh?.running || !ofAttempt(node.fresh, journal.attempt));
	return down.length > 0
		? `this attempt's new container is not running on ${down.map(node => `${node.host} (${node.fresh ? node.fresh.status : 'absent'})`).join(', ')}`
		: undefined;
};

const both =
	(first: LiveRule, second: LiveRule): LiveRule =>
	(live, journal) =>
		first(live, journal) ?? second(live, journal);

/** Each upgrade step's preconditions: the one table the runner enforces. */
export const upgradePreconditions: Readonly<Record<UpgradeStepId, Preconditions>> = {
	preflight: {needs: []},
	'stage-image': {needs: ['preflight']},
	'disable-ha': {needs: ['preflight']},
	'stop-old': {needs: ['preflight', 'stage-image', 'disable-ha']},
	'clean-heartbeat': {needs: ['stop-old'], live: oldStopped},
	backup: {needs: ['clean-heartbeat'], live: both(oldStopped, noNewStarted)},
	'start-new': {needs: ['backup'], live: oldStopped, dumps: true},
	init: {needs: ['start-new'], live: newRunning},
	verify: {needs: ['init'], live: newRunning},
	'enable-ha': {needs: ['verify']},
};

/**
 * Before anything runs: every step of the selection must have what it needs either done in this
 * attempt or selected before it. Returns the first step that cannot run, with why.
 */
export function unmetBeforehand(journal: Journal, selected: readonly UpgradeStepId[]): {step: UpgradeStepId; reason: string} | undefined {
	for (const [index, step] of selected.entries()) {
		if (isDone(journal, step)) continue;
		const missing = upgradePreconditions[step].needs.filter(need => !isDone(journal, need) && !selected.slice(0, index).includes(need));
		if (missing.length > 0)
			return {step, reason: `${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} not been done in this attempt (${journal.attempt})`};
	}
	return undefined;
}

/** Right before the step: what it needs is done, and the cluster is as the step requires. */
export function unmetNow(journal: Journal, step: UpgradeStepId, live: LiveFacts): string | undefined {
	const missing = upgradePreconditions[step].needs.filter(need => !isDone(journal, need));
	if (missing.length > 0) return `${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} not been done in this attempt (${journal.attempt})`;
	return upgradePreconditions[step].live?.(live, journal);
}

/** `paused at X`: the first upgrade step this attempt has not finished; undefined when it is upgraded. */
export function nextUpgradeStep(journal: Journal, order: readonly UpgradeStepId[]): UpgradeStepId | undefined {
	return order.find(step => !isDone(journal, step));
}

/** Metadata this attempt may have changed: a new container has run, init started, or the version fix was written. */
export function metadataTouched(journal: Journal, live: LiveFacts): string | undefined {
	if (hasStarted(journal, 'init')) return 'init (docker_init.sh) ran';
	if (journal.versionFixApplied) return 'the oms_version fix was written';
	if (hasStarted(journal, 'start-new')) return 'new containers were started';
	const ran = live.nodes.filter(node => node.fresh && ofAttempt(node.fresh, journal.attempt) && !neverStarted(node.fresh));
	return ran.length > 0 ? `new containers of this attempt have run on ${ran.map(node => node.host).join(', ')}` : undefined;
}

/** What a rollback of this attempt undoes, from the journal confirmed by the live cluster. */
export function decideRollback(journal: Journal, live: LiveFacts, at: string): RollbackScope {
	const touched = metadataTouched(journal, live);
	if (touched) return {kind: 'restore', reason: `${touched}: the MetaDB is restored from this attempt's dumps`, decidedAt: at};
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

/** Whether a rollback step has work under this scope; the reason is shown when it is skipped. */
export function rollbackSkip(step: StepId, scope: RollbackScope, journal: Journal): string | undefined {
	const restart = scope.kind !== 'ha-only';
	switch (step) {
		case 'rb-disable-ha':
		case 'rb-start-old':
		case 'rb-verify':
			return restart ? undefined : scope.reason;
		case 'rb-stop-new':
		case 'rb-restore':
			return scope.kind === 'restore' ? undefined : scope.reason;
		case 'rb-restore-ha':
			return journal.haFound === null ? 'this attempt never changed ha.config' : undefined;
		default:
			return undefined;
	}
}

/** rb-restore never drops a database while an OMS container (old or new) runs. */
export const nothingRunning: LiveRule = live => {
	const running = live.nodes.flatMap(node => [node.old, node.fresh].flatMap(container => (container?.running ? [`${container.name} on ${node.host}`] : [])));
	return running.length > 0
		? `${running.join(', ')} ${running.length > 1 ? 'are' : 'is'} running; the MetaDB is never restored under a running OMS`
		: undefined;
};

import type {Operator} from './operator.js';

/**
 * The shapes the engine records: step ids, step states and the journal of one attempt. Types only,
 * shared by the engine, the steps, the store and the commands (so none of them imports another for them).
 */
export const upgradeStepIds = [
	'preflight',
	'stage-image',
	'disable-ha',
	'stop-old',
	'clean-heartbeat',
	'backup',
	'start-new',
	'init',
	'verify',
	'enable-ha',
] as const;
export const rollbackStepIds = [
	'rb-disable-ha',
	'rb-stop-new',
	'rb-restore',
	'rb-start-old',
	'rb-verify',
	'rb-restore-ha',
] as const;

export type UpgradeStepId = (typeof upgradeStepIds)[number];
export type RollbackStepId = (typeof rollbackStepIds)[number];
export type StepId = UpgradeStepId | RollbackStepId;

/** A step's recorded state. A refusal is not a state: a refused step never ran and stays as it was. */
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'interrupted';

/** What an event can say of a step: its state, or that its preconditions did not hold. */
export type StepOutcome = StepStatus | 'refused';

export type SubRecord = {
	status: StepStatus;
	startedAt: string | null;
	finishedAt: string | null;
	reason: string | null;
};

export type StepRecord = SubRecord & {
	/** Per-node sub-states of node and region steps. */
	nodes: Record<string, SubRecord>;
};

export type NodeRecord = {
	oldContainerId: string | null;
	newContainerId: string | null;
	imageId: string | null;
	/**
	 * MetaDB time (its own clock, `YYYY-MM-DD hh:mm:ss`) read just before this attempt started the node's
	 * new container (or restarted its old one in a rollback): only heartbeats written after it count.
	 */
	startMark: string | null;
	/** The new container's name after a rollback kept it (renamed with the attempt id). */
	keptAs: string | null;
};

/**
 * How the run of a command ended. `paused`: it did what was selected and the upgrade is not finished;
 * `refused`: a step's preconditions did not hold, so it did not run (nothing of it changed).
 */
export type RunOutcome = 'succeeded' | 'paused' | 'refused' | 'failed' | 'interrupted' | 'rolled-back';

/** What a rollback of this attempt undoes, decided once from the journal and the live cluster. */
export type RollbackScope = {
	readonly kind: 'ha-only' | 'restart-old' | 'restore';
	readonly reason: string;
	readonly decidedAt: string;
};

export type RunRecord = {
	id: string;
	command: 'run' | 'rollback';
	/** Who ran it and from where (absent in journals of earlier versions of this tool). */
	by?: Operator | null;
	startedAt: string;
	finishedAt: string | null;
	outcome: RunOutcome | 'running';
	/** `paused at stop-old: not confirmed`, `failed at init: …`: the outcome in words. */
	detail: string | null;
};

/** One finished run of a step (or of a step on one node): a failure and its retry are two of these. */
export type StepRunRecord = SubRecord & {
	readonly step: StepId;
	readonly node: string | null;
	/** The run (`RunRecord.id`) it happened in. */
	readonly run: string | null;
};

/** A question put to the operator and its answer, with who answered and from where (the audit trail). */
export type AnswerRecord = {
	readonly step: StepId | null;
	readonly kind: 'step' | 'rollback';
	readonly question: string;
	readonly askedAt: string;
	readonly answer: 'yes' | 'no' | 'interrupted';
	readonly by: 'operator' | '--yes';
	readonly answeredAt: string;
	readonly operator: Operator | null;
	readonly run: string | null;
};

/** `workdir/journal.json`: one attempt, everything a later run needs to resume it, and nothing secret. */
export type Journal = {
	formatVersion: 2;
	/** The attempt's id; its dumps live in `backups/<attempt>/`, its logs in `logs/<attempt>/`. */
	attempt: string;
	planHash: string;
	planName: string;
	from: string | null;
	to: string;
	createdAt: string;
	updatedAt: string;
	t1: string | null;
	t2: string | null;
	t3: string | null;
	/** When a rollback found every node Online again (ends the rollback's downtime). */
	t4: string | null;
	/** The raw ha.config value found before the upgrade changed it. */
	haFound: string | null;
	/** The ha.config value enable-ha wrote. */
	haAfter: string | null;
	/** Set when init's "Version before 4.1.1" fix wrote rm.oms_version: metadata changed. */
	versionFixApplied: boolean;
	/**
	 * When the oms_version fix was written before downtime (answered at disable-ha): the row of the version
	 * before the upgrade, in rm.oms_version. It is in this attempt's dumps, so it stays after a rollback.
	 * Absent in journals of earlier versions of this tool.
	 */
	versionFixWrittenAt?: string | null;
	steps: Partial<Record<StepId, StepRecord>>;
	nodes: Record<string, NodeRecord>;
	rollback: RollbackScope | null;
	runs: RunRecord[];
	/** Every finished run of every step, oldest first (absent in journals of earlier versions of this tool). */
	stepRuns?: StepRunRecord[];
	/** The downtime forecast made before this attempt's downtime began (absent in earlier journals). */
	forecast?: {
		readonly lowSec: number;
		readonly highSec: number;
		/** The dump size estimate and heartbeat row count it was made from (null: not read). */
		readonly dumpBytes: number | null;
		readonly heartbeatRows: number | null;
		readonly steps: ReadonlyArray<{
			readonly step: StepId;
			readonly lowSec: number;
			readonly highSec: number;
			readonly basis: string;
			readonly why: string;
		}>;
	} | null;
	/** Every question asked in this attempt and its answer, oldest first (absent in earlier journals). */
	answers?: AnswerRecord[];
};

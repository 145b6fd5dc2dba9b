/**
 * What steps hand the runner and what later steps read back, typed by step id. Steps never write the
 * journal: a step returns its outputs with its summary, or, for a fact that must be on disk before it
 * acts (the value to restore, the moment downtime began, a start mark), hands it over first through
 * `ctx.record`. The runner journals both the same way (engine/step-outputs).
 */
export type StepOutput =
	| {readonly step: 'stage-image'; readonly node: string; readonly imageId: string}
	/**
	 * The raw ha.config value before the upgrade changed it (recorded once per attempt); or, asked at
	 * disable-ha, the moment the oms_version fix was written (before the dumps, so a restore keeps it).
	 */
	| {readonly step: 'disable-ha'; readonly haFound: string}
	| {readonly step: 'disable-ha'; readonly versionFixWrittenAt: string}
	/** `stoppedAt`: the moment this node's stop was asked for; the earliest one is T1. */
	| {readonly step: 'stop-old'; readonly node: string; readonly oldContainerId: string; readonly stoppedAt?: string}
	/** `startMark`: the MetaDB's time just before the start; only heartbeats written after it count. */
	| {readonly step: 'start-new'; readonly node: string; readonly newContainerId: string; readonly startMark?: string}
	/** init wrote the guide's oms_version fix: the metadata changed even if init itself never ran. */
	| {readonly step: 'init'; readonly versionFixApplied: true}
	| {readonly step: 'enable-ha'; readonly t2: string; readonly haAfter: string}
	/** The earliest `stoppedAt` of the rollback is T3. */
	| {readonly step: 'rb-stop-new'; readonly node: string; readonly stoppedAt: string}
	| {readonly step: 'rb-start-old'; readonly node: string; readonly keptAs?: string; readonly startMark?: string}
	/** Every node Online again: the rollback's downtime ends (T4). */
	| {readonly step: 'rb-verify'; readonly t4: string}
	/** The ha.config value the rollback left. */
	| {readonly step: 'rb-restore-ha'; readonly haAfter: string};

/** The steps that have outputs. */
export type OutputStepId = StepOutput['step'];

type PerNode<T> = Readonly<Record<string, T>>;

/** What the journal holds of each step's outputs, by step id (null: not recorded in this attempt). */
export type RecordedOutputs = {
	readonly 'stage-image': {readonly imageIds: PerNode<string | null>};
	readonly 'disable-ha': {readonly haFound: string | null; readonly versionFixWrittenAt: string | null};
	readonly 'stop-old': {readonly t1: string | null; readonly oldContainerIds: PerNode<string | null>};
	/** `startMarks`: the mark of each node's latest start by this attempt. */
	readonly 'start-new': {readonly newContainerIds: PerNode<string | null>; readonly startMarks: PerNode<string | null>};
	readonly init: {readonly versionFixApplied: boolean};
	readonly 'enable-ha': {readonly t2: string | null; readonly haAfter: string | null};
	readonly 'rb-stop-new': {readonly t3: string | null};
	/** `startMarks`: the mark of each node's latest start by this attempt (the old container's, once restarted). */
	readonly 'rb-start-old': {readonly keptAs: PerNode<string | null>; readonly startMarks: PerNode<string | null>};
	readonly 'rb-verify': {readonly t4: string | null};
	readonly 'rb-restore-ha': {readonly haAfter: string | null};
};

/** The typed accessor later steps read earlier steps' outputs through. */
export type OutputReader = <K extends OutputStepId>(step: K) => RecordedOutputs[K];

import type {NodeModel} from '../config/resolve-plan.js';
import type {StepId} from '../domain/journal-types.js';
import type {StepOutput} from '../domain/step-outputs.js';
import type {StepContext} from './step-context.js';

export type {RollbackStepId, StepId, UpgradeStepId} from '../domain/journal-types.js';
export {rollbackStepIds, upgradeStepIds} from '../domain/journal-types.js';

/** One thing a step does, in the words an operator would use to do it by hand. */
export type Action = {
	/** The node it acts on (host), or null for the cluster/MetaDB. */
	readonly node: string | null;
	readonly kind: 'docker' | 'sql' | 'mysqldump' | 'mysql' | 'wait' | 'check' | 'file' | 'operator';
	readonly text: string;
};

/** What a run resolves to: a one-line summary, with the outputs the runner journals (domain/step-outputs). */
export type StepResult = string | {readonly summary: string; readonly outputs: readonly StepOutput[]};

export type StepDefinition = {
	readonly id: StepId;
	readonly title: string;
	/** cluster: once; node: on every node concurrently; region: once per region (or per node where configs differ). */
	readonly scope: 'cluster' | 'node' | 'region';
	/** Asks for confirmation unless --yes. */
	readonly destructive: boolean;
	/** Cluster and region steps: checks the state, acts only where needed; resolves to a summary and its outputs. */
	readonly run?: (ctx: StepContext) => Promise<StepResult>;
	/** Node steps: called for every node concurrently; same contract as `run`. */
	readonly runNode?: (ctx: StepContext, node: NodeModel) => Promise<StepResult>;
	/** Node steps: a cluster-wide post-condition once every node is done (e.g. one image id everywhere). */
	readonly after?: (ctx: StepContext) => Promise<string | undefined>;
};

/** Something asked and, on yes, written before a step runs (engine/rulebook names which step offers it). */
export type Offer = {
	/** Why it is offered now, or undefined when it does not apply. */
	readonly applies: (ctx: StepContext) => string | undefined;
	readonly question: (ctx: StepContext, why: string) => string;
	/** The outcome's words when the operator says No. */
	readonly declined: string;
	readonly apply: (ctx: StepContext) => Promise<void>;
};

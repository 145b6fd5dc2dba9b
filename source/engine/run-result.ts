import type {RunOutcome} from '../domain/journal-types.js';
import type {EventBus} from '../domain/events.js';
import type {QuestionAbout} from './run-options.js';

/** How a command's run ended: the outcome, the exit code of the contract, and one line saying why. */
export type RunResult = {readonly outcome: RunOutcome; readonly exitCode: number; readonly message: string};

/** What the upgrade and the rollback loops need from the runner. */
export type LoopOptions = {
	readonly bus: EventBus;
	readonly yes: boolean;
	/** --only: run the step even when this attempt has done it. */
	readonly explicit: boolean;
	/** Asks the operator (the rollback's one question wants the typed word `rollback`). */
	readonly confirm: (question: string, about?: QuestionAbout) => Promise<boolean>;
	readonly signal: AbortSignal;
	/** --dry-run: the steps' writes were recorded, not made, so no step's result proves anything. */
	readonly dryRun?: boolean | undefined;
	/** Awaited before each step begins (RunOptions.betweenSteps). */
	readonly betweenSteps?: (() => Promise<void>) | undefined;
};

import type {RunOutcome} from '../domain/journal-types.js';

/** How a command's run ended: the outcome, the exit code of the contract, and one line saying why. */
export type RunResult = {readonly outcome: RunOutcome; readonly exitCode: number; readonly message: string};

import {describeError, OmsError} from '../domain/errors.js';
import type {Journal} from '../domain/journal-types.js';
import {stateWords} from './attempt-state.js';
import {adviceWords} from '../domain/advice-words.js';

/**
 * Whether a command may begin on the workdir's journal at all, before discovery: a rollback needs an
 * open attempt, and an upgrade waits for a rollback in progress to finish. Undefined when it may.
 */
export function admissionError(
	command: 'run' | 'rollback',
	existing: Journal | undefined,
	workdir: string,
): OmsError | undefined {
	if (command === 'rollback' && !existing)
		return new OmsError(
			`there is no journal in ${workdir}: no attempt of this plan is open, so there is nothing to roll back.`,
			{
				hint: 'Check the plan file and its workdir (a completed rollback archives its journal as journal.<attempt>.json).',
				exitCode: 2,
			},
		);
	if (command === 'run' && existing?.rollback)
		return withStateWords(
			new OmsError(
				`a rollback of attempt ${existing.attempt} is in progress; an upgrade cannot start until it is finished.`,
				{
					hint: adviceWords.finishRollback.line,
					exitCode: 2,
				},
			),
			existing,
		);
	return undefined;
}

/** An error that ends a command before its run began, with what the open attempt leaves changed. */
export function withStateWords<T>(error: T, journal: Journal | undefined): T | OmsError {
	const words = journal && stateWords(journal);
	if (!words) return error;
	if (error instanceof OmsError)
		return new OmsError(`${error.message} ${words}`, {hint: error.hint, exitCode: error.exitCode, cause: error.cause});
	return new OmsError(`${describeError(error)} ${words}`, {cause: error});
}

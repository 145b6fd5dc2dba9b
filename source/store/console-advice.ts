import {adviceWords, doesItFirst, runRest} from '../domain/advice-words.js';

/** Stands for a step id in a line built by domain/advice-words.ts, to find that line in a message. */
const anyStep = '\u0000';
const escaped = (text: string) => text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Every place of `line` (with any step id where anyStep stands) in a message. */
const pattern = (line: string) => new RegExp(escaped(line).replace(anyStep, '([\\w-]+)'), 'g');

const runRestPattern = pattern(runRest.line(anyStep));
const doesItFirstPatterns = (['run', 'rollback'] as const).map(command => ({
	command,
	found: pattern(doesItFirst.line(command, anyStep)),
}));

/**
 * The engine's outcomes advise the command line (`run again, or --from X`, `run oms-upgrade rollback`).
 * In the console the same advice is a key: this says it in the console's words, from the table the engine
 * words its advice by (domain/advice-words.ts), so the footer and the end-of-run view never name an option
 * the console has no key for.
 */
export function consoleAdvice(message: string): string {
	let said = message.replaceAll(runRestPattern, (_, next: string) => runRest.console(next));
	for (const {command, found} of doesItFirstPatterns) said = said.replaceAll(found, doesItFirst.console(command));
	for (const {line, console} of Object.values(adviceWords)) said = said.replaceAll(line, console);
	return said;
}

/** The line docker_init.sh prints when every step of the migration is done. */
export const initCompleted = '[Completed] All initialization steps are executed';

/**
 * A line that says the script (or a client it ran) failed: `[ERROR] …`, `ERROR 1205 (HY000) …`, `FATAL`, a traceback.
 */
const errorLine = /\b(?:ERROR|FATAL)\b|^\s*Error:|^Traceback \(most recent call last\)/;

/**
 * What docker_init.sh's run came to, judged on its words as well as its exit status: the script exits 0
 * after a failed statement, so success is exit 0, the completion line, and no error line.
 */
export function judgeInit(
	exitCode: number,
	lines: readonly string[],
): {readonly ok: true} | {readonly ok: false; readonly words: string} {
	const error = lines.find(line => errorLine.test(line));
	const completed = lines.some(line => line.includes(initCompleted));
	if (exitCode === 0 && completed && !error) return {ok: true};
	if (error) return {ok: false, words: `exited ${exitCode} after printing "${error.trim()}"`};
	if (exitCode !== 0) return {ok: false, words: `exited ${exitCode}: "${lines.at(-1)?.trim() ?? 'no output'}"`};
	return {
		ok: false,
		words: `exited 0 without its completion line ("${initCompleted}"); its last line was "${lines.at(-1)?.trim() ?? 'no output'}"`,
	};
}

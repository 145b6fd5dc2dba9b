/**
 * The engine's outcomes advise the command line (`run again, or --from X`, `run oms-upgrade rollback`).
 * In the console the same advice is a key: this says it in the console's words, so the footer and the
 * end-of-run view never name an option the console has no key for.
 */
export function consoleAdvice(message: string): string {
	return message
		.replaceAll(/\(run again, or --from ([\w-]+)\)/g, '(a runs the rest; enter runs $1 alone)')
		.replaceAll(/run `oms-upgrade rollback` \(or `--from [\w-]+`\)/g, 'X runs the rollback')
		.replaceAll(/run `oms-upgrade run` \(or `--from [\w-]+`\)/g, 'a runs the upgrade')
		.replaceAll(
			'`oms-upgrade run` (or the console) continues the upgrade, `oms-upgrade rollback` undoes it',
			'a continues the upgrade, X undoes it',
		)
		.replaceAll('`oms-upgrade rollback` finishes the rollback', 'X finishes the rollback')
		.replaceAll('run `oms-upgrade rollback` again to finish it', 'X finishes it')
		.replaceAll('(run `oms-upgrade rollback`, which restores first)', '(X runs the rollback, which restores first)');
}

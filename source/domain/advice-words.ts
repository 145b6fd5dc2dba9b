/**
 * The advice the engine's messages carry, in the command line's words (`line`) and in the console's keys
 * (`console`): one table, so the console never shows an option or a command it has no key for. The engine
 * builds its messages from `line`; the console (store/console-advice.ts) says each as `console`. The
 * explorer's I10 (test/helpers/explorer/invariants.ts) fails on any command-line word the console would
 * still show.
 */
export const adviceWords = {
	rollbackWouldUndo: {line: '`oms-upgrade rollback` would roll it back', console: 'X would roll it back'},
	rollbackFinishes: {line: '`oms-upgrade rollback` finishes the rollback', console: 'X finishes the rollback'},
	continueOrUndo: {
		line: '`oms-upgrade run` (or the console) continues the upgrade, `oms-upgrade rollback` undoes it',
		console: 'a continues the upgrade, X undoes it',
	},
	rollbackAgain: {line: 'run `oms-upgrade rollback` again to finish it', console: 'X finishes it'},
	finishRollback: {line: 'Finish it with `oms-upgrade rollback`.', console: 'X finishes it.'},
	rollbackRestoresFirst: {
		line: '(run `oms-upgrade rollback`, which restores first)',
		console: '(X runs the rollback, which restores first)',
	},
	statusShows: {line: '(`oms-upgrade status` shows it)', console: '(the node cards show it once read)'},
} as const;

/** The upgrade paused after the selected steps: the rest, or the next step alone. */
export const runRest = {
	line: (next: string): string => `(run again, or --from ${next})`,
	console: (next: string): string => `(a runs the rest; enter runs ${next} alone)`,
};

/** A step refused for what it needs: the command that does it first, or `--from` the first step not done. */
export const doesItFirst = {
	line: (command: 'run' | 'rollback', from: string): string => `run \`oms-upgrade ${command}\` (or \`--from ${from}\`)`,
	console: (command: 'run' | 'rollback'): string => (command === 'run' ? 'a runs the upgrade' : 'X runs the rollback'),
};

import {rollbackStepIds, upgradeStepIds} from './domain/journal-types.js';

/**
 * The help texts: `oms-upgrade --help` (every command and option) and `oms-upgrade COMMAND --help` (that
 * command, the options it takes and, for run and rollback, the steps --from and --only name). One table of
 * commands and one of options feed both, so the two never say different things.
 */

type Option = 'config' | 'yes' | 'dryRun' | 'plain' | 'json' | 'noColor' | 'steps' | 'help' | 'version';

const optionLines: Record<Option, string> = {
	config: '  -c, --config FILE   plan file (default ./oms-upgrade.yaml)',
	yes: '  -y, --yes           do not ask before destructive steps',
	dryRun:
		'      --dry-run       run/rollback: the real steps against the live cluster, every write shown instead of done',
	plain: "      --plain         line output on a TTY: the console's work as `run` does it, without the panel",
	json: '      --json          machine output (plan, check, status, history, lab status); JSON lines for run/rollback',
	noColor: '      --no-color      no colour (NO_COLOR is honoured too)',
	steps: '      --from STEP / --only STEP',
	help: '  -h, --help          this text (COMMAND --help: that command alone)',
	version: "  -v, --version       the tool's version",
};

const labOptions = `lab options: --dir DIR (default ./lab) --nodes N (2, at most 253: 127.0.0.2…254) --regions R (1, at most N)
             --source-version VERSION (4.2.8; --from VERSION is its deprecated old name) --no-version-row
             --transport ssh|tcp (ssh: an sshd per node, reached as production is)
             --metadb mariadb|ob (mariadb; ob: OBProxy-style user, GET_LOCK refused as OceanBase does)
             --grants exact|pattern|role (pattern) --metadb-user NAME --metadb-password-file FILE
             lab down --keep-reports: keep the rehearsal's reports, run logs and journals (moved to DIR-reports/)`;

const exitCodes = `exit: 0 did what was asked (a completed rollback, "already at the target" too) · 1 a step failed or a
      question was answered No (journal kept; run again to resume) · 2 usage or config error, or a step
      refused (its preconditions do not hold) · 3 preflight failed · 130 interrupted (Ctrl-C, SIGTERM,
      SIGHUP, a closed output)`;

type CommandHelp = {readonly usage: string; readonly lines: string; readonly options: readonly Option[]};

const commands = {
	console: {
		usage: 'oms-upgrade [console] [--config FILE] [--plain]',
		lines: '  console     (default) full-screen control panel (needs a terminal)',
		options: ['config', 'plain', 'steps', 'noColor'],
	},
	plan: {
		usage: 'oms-upgrade plan [--config FILE] [--json]',
		lines: "  plan        print the resolved plan: topology and every step's exact actions; changes nothing",
		options: ['config', 'json', 'noColor'],
	},
	check: {
		usage: 'oms-upgrade check [--config FILE] [--json]',
		lines: '  check       run the preflight checks only',
		options: ['config', 'json', 'noColor'],
	},
	run: {
		usage: 'oms-upgrade run [--config FILE] [--yes] [--dry-run] [--from STEP | --only STEP] [--json]',
		lines: '  run         run the upgrade with line output; asks y/N before destructive steps unless --yes',
		options: ['config', 'yes', 'dryRun', 'steps', 'json', 'noColor'],
	},
	rollback: {
		usage: 'oms-upgrade rollback [--config FILE] [--yes] [--dry-run] [--from STEP | --only STEP] [--json]',
		lines: `  rollback    undo what the current attempt did; asks you to type rollback unless --yes, once per attempt:
              a rollback resumed later goes on with the scope confirmed then, without asking again`,
		options: ['config', 'yes', 'dryRun', 'steps', 'json', 'noColor'],
	},
	status: {
		usage: 'oms-upgrade status [--config FILE] [--json]',
		lines: '  status      the open attempt, where it stands, HA in words, and live node status',
		options: ['config', 'json', 'noColor'],
	},
	history: {
		usage: 'oms-upgrade history [ATTEMPT [--markdown | --console]] [--prune --keep N [--yes]] [--config FILE] [--json]',
		lines: `  history     the workdir's attempts, newest first: id, when, who, from → to, outcome, downtime, dumps kept
              history ATTEMPT: its runs, steps with times, retries, answers (who, from where), log files, report
              history ATTEMPT --markdown: that attempt as one Markdown document to hand over
              history ATTEMPT --console: that attempt in the console, read-only (its journal and run logs)
              history --prune --keep N: removes the dumps of closed attempts beyond the newest N (asks unless --yes)`,
		options: ['config', 'yes', 'json', 'noColor'],
	},
	lab: {
		usage: 'oms-upgrade lab up|down|status [lab options]',
		lines: '  lab up|down|status   the local rehearsal lab (private dockerd per node + mariadbd)',
		options: ['json', 'noColor'],
	},
} as const satisfies Record<string, CommandHelp>;

type HelpCommand = keyof typeof commands;

const title = 'oms-upgrade: upgrade OMS Community Edition (V4.2.0–V4.2.8 → V4.2.9) and roll it back';

/** `oms-upgrade --help`. */
export const usage = `${title}

usage: oms-upgrade [command] [--config FILE] [options]
${Object.values(commands)
	.map(command => command.lines)
	.join('\n')}

options:
${(['config', 'yes', 'dryRun', 'plain', 'json', 'noColor', 'steps', 'help', 'version'] as const).map(option => optionLines[option]).join('\n')}
${labOptions}

${exitCodes}`;

/** The steps --from and --only name, for run (the upgrade's) and rollback (the rollback's). */
const stepLines = (ids: readonly string[], plainOnly: boolean) =>
	`      --from STEP runs STEP and the steps after it; --only STEP runs STEP alone${plainOnly ? ' (with --plain)' : ''}. STEP is one of:\n        ${ids.join(' · ')}`;

/** `oms-upgrade COMMAND --help`. */
export function commandUsage(name: HelpCommand): string {
	const command: CommandHelp = commands[name];
	const options = command.options.map(option =>
		option === 'steps'
			? stepLines(name === 'rollback' ? rollbackStepIds : upgradeStepIds, name === 'console')
			: optionLines[option],
	);
	return [
		`usage: ${command.usage}`,
		command.lines,
		'',
		'options:',
		...options,
		optionLines.help,
		...(name === 'lab' ? [labOptions] : []),
		'',
		exitCodes,
		'',
		'Every command and option: oms-upgrade --help',
	].join('\n');
}

import {parseCli, type CliArgs} from './cli-args.js';
import {guardOutput, streamOutput, type Output} from './commands/output.js';
import {describeError, OmsError} from './domain/errors.js';
import {redact} from './domain/redact.js';
import {versionText} from './version.js';

const usage = `oms-upgrade: upgrade OMS Community Edition (V4.2.0–V4.2.8 → V4.2.9) and roll it back

usage: oms-upgrade [command] [--config FILE] [options]
  console     (default) full-screen control panel (needs a terminal)
  plan        print the resolved plan: topology and every step's exact actions; changes nothing
  check       run the preflight checks only
  run         run the upgrade with line output; asks y/N before destructive steps unless --yes
  rollback    undo what the current attempt did; asks you to type rollback unless --yes
  status      the open attempt, where it stands, HA in words, and live node status
  history     the workdir's attempts, newest first: id, when, who, from → to, outcome, downtime, dumps kept
              history ATTEMPT: its runs, steps with times, retries, answers (who, from where), log files, report
              history ATTEMPT --markdown: that attempt as one Markdown document to hand over
              history ATTEMPT --console: that attempt in the console, read-only (its journal and run logs)
              history --prune --keep N: removes the dumps of closed attempts beyond the newest N (asks unless --yes)
  lab up|down|status   the local rehearsal lab (private dockerd per node + mariadbd)

options:
  -c, --config FILE   plan file (default ./oms-upgrade.yaml)
  -y, --yes           do not ask before destructive steps
      --dry-run       run/rollback: the real steps against the live cluster, every write shown instead of done
      --plain         line output on a TTY: the console's work as \`run\` does it, without the panel
      --json          machine output (plan, check, status, history, lab status); JSON lines for run/rollback
      --no-color      no colour (NO_COLOR is honoured too)
      --from STEP / --only STEP
  -h, --help          this text
  -v, --version       the tool's version
lab options: --dir DIR (default ./lab) --nodes N (2, at most 253: 127.0.0.2…254) --regions R (1, at most N)
             --source-version VERSION (4.2.8; --from VERSION is its deprecated old name) --no-version-row
             --transport ssh|tcp (ssh: an sshd per node, reached as production is)
             --metadb mariadb|ob (mariadb; ob: OBProxy-style user, GET_LOCK refused as OceanBase does)
             --grants exact|pattern|role (pattern) --metadb-user NAME --metadb-password-file FILE
             lab down --keep-reports: keep the rehearsal's reports, run logs and journals (moved to DIR-reports/)

exit: 0 did what was asked (a completed rollback, "already at the target" too) · 1 a step failed or a
      question was answered No (journal kept; run again to resume) · 2 usage or config error, or a step
      refused (its preconditions do not hold) · 3 preflight failed · 130 interrupted (Ctrl-C, SIGTERM,
      SIGHUP, a closed output)`;

/**
 * How the program starts: `beforeConsole` runs before the console's modules (Ink) are first imported; the
 * single executable loads Yoga's WebAssembly there, which a source build's yoga-layout does by itself.
 */
type StartOptions = {readonly beforeConsole?: () => Promise<void>};

/**
 * argv → command → exit code. Errors become one readable paragraph; stacks only with DEBUG=oms-upgrade.
 * Each command's module is imported when that command runs: `--version` and `--help` load none of them,
 * and no command loads Ink, dockerode or mysql2 unless it uses them (test/startup/lazy-loading.test.ts).
 */
export async function main(argv: readonly string[], options: StartOptions = {}): Promise<number> {
	guardOutput([process.stdout, process.stderr]);
	let out = streamOutput(process.stdout, process.stderr, false);
	let args: CliArgs;
	try {
		args = parseCli(argv);
	} catch (error) {
		return fail(error, out);
	}
	out = streamOutput(process.stdout, process.stderr, !args.noColor && process.stdout.isTTY === true);
	if (args.help) {
		out.line(usage);
		return 0;
	}
	let ran = false;
	try {
		if (args.version) {
			out.line(versionText());
			return 0;
		}
		ran = true;
		return await dispatch(args, out, options);
	} catch (error) {
		return fail(error, out);
	} finally {
		// Every command's SSH connections (one per node for the whole command or console session) end with it.
		if (ran) await (await import('./adapters/ssh-tunnels.js')).closeSshTunnels();
	}
}

async function dispatch(args: CliArgs, out: Output, options: StartOptions): Promise<number> {
	switch (args.command) {
		case 'lab':
			return (await import('./commands/lab-command.js')).labCommand(args, out);
		case 'plan':
			return (await import('./commands/plan-command.js')).planCommand(args, out);
		case 'check':
			return (await import('./commands/check-command.js')).checkCommand(args, out);
		case 'run':
		case 'rollback':
			return (await import('./commands/run-command.js')).runCommand(args, out);
		case 'status':
			return (await import('./commands/status-command.js')).statusCommand(args, out);
		case 'history':
			return (await import('./commands/history-command.js')).historyCommand(args, out);
		case 'console':
			if (args.plain) return (await import('./commands/run-command.js')).runCommand(args, out);
			await options.beforeConsole?.();
			return (await import('./commands/console-command.js')).consoleCommand(args, out);
	}
}

function fail(error: unknown, out: Output): number {
	out.error(`oms-upgrade: ${describeError(error)}`);
	if (process.env.DEBUG?.split(',').includes('oms-upgrade') && error instanceof Error)
		out.error(redact(error.stack ?? ''));
	return error instanceof OmsError ? error.exitCode : 1;
}

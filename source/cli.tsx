import {parseCli, type CliArgs} from './cli-args.js';
import {commandUsage, usage} from './command-help.js';
import {guardOutput, streamOutput, type Output} from './commands/output.js';
import {describeError, OmsError} from './domain/errors.js';
import {redact} from './domain/redact.js';
import {versionText} from './version.js';

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
		// `run --help`: that command alone; `--help` (or `console` given by default): every command.
		out.line(argv.includes(args.command) ? commandUsage(args.command) : usage);
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

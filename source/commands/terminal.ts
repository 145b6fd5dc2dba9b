import {isatty} from 'node:tty';
/**
 * Ink 6 on Node 20 has no alternate screen of its own: enter it here and leave it on every way out
 * (normal exit, error, signal, process exit), with the cursor shown again.
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout): {restore: () => void} {
	let active = true;
	const restore = () => {
		if (!active) return;
		active = false;
		process.off('exit', restore);
		try {
			stream.write('\u001B[?25h\u001B[?1049l');
		} catch {
			// the terminal is gone (SIGHUP): nothing left to restore
		}
	};
	stream.write('\u001B[?1049h\u001B[H\u001B[2J');
	process.on('exit', restore);
	return {restore};
}

type Level = 'info' | 'warn' | 'error';

/** Libraries that print would scribble over the panel: their console output goes to the log pane instead. */
export function routeConsoleToLog(note: (text: string, level: Level) => void): () => void {
	const saved = {log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug};
	const route =
		(level: Level) =>
		(...parts: unknown[]) =>
			note(parts.map(part => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '), level);
	console.log = route('info');
	console.info = route('info');
	console.debug = route('info');
	console.warn = route('warn');
	console.error = route('error');
	return () => Object.assign(console, saved);
}

/**
 * After SIGHUP the terminal may be gone, and Node's own exit path then fails restoring its settings
 * (an assertion on EIO in ResetStdio) with a core dump. The run has already recorded where it stopped
 * and released its locks when this is called, so with a terminal on stdin, stdout or stderr the process
 * ends without that teardown (SIGKILL: 137 to a shell). With none (a run in the background, its output in
 * a file) there is nothing to restore, and it exits 130 as any interruption does.
 */
export function endAfterHangup(): never {
	if (![0, 1, 2].some(fd => isatty(fd))) process.exit(130);
	process.kill(process.pid, 'SIGKILL');
	throw new Error('unreachable: SIGKILL did not end the process');
}

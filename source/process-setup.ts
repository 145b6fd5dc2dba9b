/**
 * What the launcher does before any library loads: libraries read these settings once, when imported.
 * Shared by bin/oms-upgrade.js (checkout, npm package) and the single executable's entry.
 */
export function prepareProcess(argv: readonly string[]): void {
	// React's production build (the bundle of the single executable also fixes it at build time).
	const env = process.env; // not `process.env.NODE_ENV`: the release bundle replaces that expression with a constant
	env.NODE_ENV ??= 'production';
	// Ink draws nothing until exit when it believes it runs under CI (a CI variable). A terminal on both
	// stdin and stdout is an operator's session whatever the environment says.
	if (process.stdin.isTTY && process.stdout.isTTY) {
		process.env.CI = 'false';
		process.env.CONTINUOUS_INTEGRATION = 'false';
	}
	if (process.env.NO_COLOR !== undefined || argv.includes('--no-color')) {
		process.env.FORCE_COLOR = '0';
		process.env.NO_COLOR ??= '1';
	}
	// A reader that goes away (`| head`) ends the program quietly. A terminal that goes away (SSH dropped:
	// EIO after SIGHUP) must not crash it: the signal handler is stopping the run and keeping the journal.
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
			if (error.code !== 'EIO') throw error;
		});
	}
}

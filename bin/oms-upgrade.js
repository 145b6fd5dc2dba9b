#!/usr/bin/env node
// Thin launcher: decide colour and React's production build before any library that reads them loads,
// then run the built CLI.
process.env.NODE_ENV ??= 'production';
// Ink draws nothing until exit when it believes it runs under CI (a CI variable). A terminal on both
// stdin and stdout is an operator's session whatever the environment says.
if (process.stdin.isTTY && process.stdout.isTTY) {
	process.env.CI = 'false';
	process.env.CONTINUOUS_INTEGRATION = 'false';
}
if (process.env.NO_COLOR !== undefined || process.argv.includes('--no-color')) {
	process.env.FORCE_COLOR = '0';
	process.env.NO_COLOR ??= '1';
}
// A reader that goes away (`| head`) ends the program quietly. A terminal that goes away (SSH dropped:
// EIO after SIGHUP) must not crash it: the signal handler is stopping the run and keeping the journal.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', error => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		if (error.code !== 'EIO') throw error;
	});
}
const {main} = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));

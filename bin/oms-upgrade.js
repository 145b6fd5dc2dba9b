#!/usr/bin/env node
// Thin launcher: decide colour and React's production build before any library that reads them loads,
// then run the built CLI.
process.env.NODE_ENV ??= 'production';
// Ink draws nothing until exit when it believes it runs under CI (a CI variable), and chalk turns colour
// off when a CI variable exists at all, whatever its value. A terminal on both stdin and stdout is an
// operator's session whatever the environment says: the variables go.
if (process.stdin.isTTY && process.stdout.isTTY) {
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
}
if (process.env.NO_COLOR !== undefined || process.argv.includes('--no-color')) {
	process.env.FORCE_COLOR = '0';
	process.env.NO_COLOR ??= '1';
}
const {main} = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));

/**
 * What the launcher does before any library loads: libraries read these settings once, when imported.
 * Shared by bin/oms-upgrade.js (checkout, npm package) and the single executable's entry.
 */
export function prepareProcess(argv: readonly string[]): void {
	// React's production build (the bundle of the single executable also fixes it at build time).
	const env = process.env; // not `process.env.NODE_ENV`: the release bundle replaces that expression with a constant
	env.NODE_ENV ??= 'production';
	// Ink draws nothing until exit when it believes it runs under CI (a CI variable), and chalk turns colour
	// off when a CI variable exists at all, whatever its value. A terminal on both stdin and stdout is an
	// operator's session whatever the environment says: the variables go.
	if (process.stdin.isTTY && process.stdout.isTTY) {
		delete env.CI;
		delete env.CONTINUOUS_INTEGRATION;
	}
	if (env.NO_COLOR !== undefined || argv.includes('--no-color')) {
		env.FORCE_COLOR = '0';
		env.NO_COLOR ??= '1';
	}
}

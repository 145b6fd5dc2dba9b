import {fileURLToPath} from 'node:url';
import {execa} from 'execa';

export const cliPath = fileURLToPath(new URL('../../bin/oms-upgrade.js', import.meta.url));

/** Runs the built CLI (npm test builds first) as an operator would, never throwing on exit codes. */
export async function runCli(args: readonly string[], options: {env?: Record<string, string>; cwd?: string} = {}) {
	const result = await execa('node', [cliPath, ...args], {reject: false, env: {NO_COLOR: '1', ...options.env}, cwd: options.cwd, stdin: 'ignore'});
	return {exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr};
}

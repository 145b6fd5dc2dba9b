import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {isSingleExecutable, packageDirectory, readAsset} from './assets.js';

/** Written by the release build and by `npm pack` (scripts/release/build-info.mjs): the commit built. */
const buildInfoPath = 'dist/build-info.json';

type BuildInfo = {readonly commit: string};

/** The version in package.json. */
export function packageVersion(): string {
	return (JSON.parse(readAsset('package.json').toString('utf8')) as {version: string}).version;
}

/**
 * What `--version` prints: the version, the commit and how the program was delivered. A checkout asks
 * git (its dist/ may hold a stale build info); a package or a single executable reads its build info.
 */
export function versionText(): string {
	const version = `oms-upgrade ${packageVersion()}`;
	if (isSingleExecutable())
		return `${version} (commit ${buildCommit()}, single executable, Node.js ${process.version})`;
	if (existsSync(join(packageDirectory, '.git'))) {
		const commit = gitCommit();
		return `${version} (source checkout${commit ? `, commit ${commit}` : ''})`;
	}
	return `${version} (commit ${buildCommit()}, npm package)`;
}

function buildCommit(): string {
	try {
		return (JSON.parse(readAsset(buildInfoPath).toString('utf8')) as BuildInfo).commit;
	} catch {
		return 'unknown: no build info';
	}
}

function gitCommit(): string | undefined {
	try {
		return execFileSync('git', ['-C', packageDirectory, 'rev-parse', '--short', 'HEAD'], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
			timeout: 5000,
		}).trim();
	} catch {
		return undefined;
	}
}

// The build info `--version` prints for an installed package or a single executable: the commit built.
// `node scripts/release/build-info.mjs` writes dist/build-info.json (npm pack runs it via prepack).
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

const git = args => execFileSync('git', ['-C', root, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim();

/** `abc1234`, `abc1234-dirty` when the work tree has uncommitted changes; fails outside a git checkout. */
export function currentCommit() {
	const commit = git(['rev-parse', '--short', 'HEAD']);
	return git(['status', '--porcelain', '--untracked-files=no']) === '' ? commit : `${commit}-dirty`;
}

export function writeBuildInfo(file = `${root}dist/build-info.json`) {
	const info = {commit: currentCommit()};
	mkdirSync(dirname(file), {recursive: true});
	writeFileSync(file, JSON.stringify(info) + '\n');
	return info;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeBuildInfo();

#!/usr/bin/env node
// npm run release: release/oms-upgrade, one executable file holding Node.js and the whole program (a
// Node single executable application). The loader (sea-loader.cjs), the bundle (bundle.mjs) with its code
// cache (code-cache.cjs) and the files the program reads (source/assets.ts) go into a SEA blob, which
// postject injects into a copy of the running node binary.
// Nothing is downloaded: the Node.js inside is the one running this script.
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {inject} from 'postject';
import {root, writeBuildInfo} from './build-info.mjs';
import {bundle} from './bundle.mjs';

/** The fuse Node's SEA support looks for (Node's SEA documentation); injecting flips it. */
const seaFuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const releaseDir = join(root, 'release');
const work = join(releaseDir, '.build');
const output = join(releaseDir, 'oms-upgrade');

// SEA assets (node:sea getAsset) arrived in Node.js 20.12; an older node would drop them silently.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12) || !readFileSync(process.execPath).includes(`${seaFuse}:0`)) {
	console.error(`npm run release: ${process.execPath} (Node.js ${process.version}) cannot become this single executable: it needs an official Node.js 20.12 or newer (SEA assets, the fuse ${seaFuse}).`);
	process.exit(2);
}

/**
 * postject's ELF library warns "Can't find string offset for section name '.note…'" about the notes it
 * rewrites, a dozen lines on every build of a Linux node (nodejs/postject#83); the file works, as the
 * --version check below shows. Those lines are dropped; any other warning is shown.
 */
async function quietlyInject(file, data) {
	const warn = console.warn;
	console.warn = (...args) => {
		if (!/^warning: Can't find string offset for section name '\.note/.test(String(args[0]))) warn(...args);
	};
	try {
		await inject(file, 'NODE_SEA_BLOB', data, {sentinelFuse: seaFuse});
	} finally {
		console.warn = warn;
	}
}

rmSync(work, {recursive: true, force: true});
mkdirSync(work, {recursive: true});
const started = Date.now();
const main = join(work, 'oms-upgrade.cjs');
await bundle(main);

// The files source/assets.ts reads, under their paths in the package: package.json, the build info and
// every file of the package's data directories (the `files` entries under source/, such as the lab's
// image scripts), so the executable and the npm package carry the same ones.
const buildInfo = writeBuildInfo(join(work, 'build-info.json'));
const assets = {'package.json': join(root, 'package.json'), 'dist/build-info.json': join(work, 'build-info.json')};
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const directory of packageJson.files.filter(entry => entry.startsWith('source/'))) {
	for (const entry of readdirSync(join(root, directory), {recursive: true, withFileTypes: true}).filter(item => item.isFile())) {
		const path = relative(root, join(entry.parentPath ?? entry.path, entry.name));
		assets[path] = join(root, path);
	}
}
writeFileSync(join(work, 'assets.json'), JSON.stringify(Object.keys(assets)));
assets['assets.json'] = join(work, 'assets.json');

// V8's code cache of the bundle as the console's first frame leaves it (sea-loader.cjs says why), made by
// code-cache.cjs in a terminal of script(1), on a plan whose one node has no Docker engine: nothing is reached.
const cache = join(work, 'oms-upgrade.cache');
const warmUpPlan = join(work, 'warm-up.yaml');
writeFileSync(
	warmUpPlan,
	`name: warm-up\ntarget: {version: 4.2.9-CE}\nworkdir: ${join(work, 'warm-up')}\nnodes:\n  - {host: 127.0.0.2, docker: "unix://${join(work, 'no-engine.sock')}", container: oms_428}\n`,
);
const warmUp = [process.execPath, join(root, 'scripts/release/code-cache.cjs'), main, cache, warmUpPlan];
const made = spawnSync('script', ['-qfec', `stty cols 120 rows 40; exec ${warmUp.map(word => `'${word}'`).join(' ')}`, '/dev/null'], {
	env: {...process.env, TERM: 'xterm-256color'},
	input: '',
	timeout: 60_000,
	encoding: 'utf8',
});
if (made.status !== 0 || !existsSync(cache)) {
	throw new Error(`the code cache was not made (script(1) ${made.error?.message ?? `exited ${made.status ?? made.signal}`}): ${String(made.stdout).slice(-1500)}`);
}
assets['oms-upgrade.cjs'] = main;
assets['oms-upgrade.cache'] = cache;

const blob = join(work, 'sea-prep.blob');
const loader = join(root, 'scripts/release/sea-loader.cjs');
const config = {main: loader, output: blob, disableExperimentalSEAWarning: true, assets};
writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], {stdio: 'pipe'});

// Node's symbols and debug info are of no use on a jump host: strip(1) (binutils) saves about 12 MiB.
const partial = join(work, 'oms-upgrade');
try {
	execFileSync('strip', ['-o', partial, process.execPath], {stdio: ['ignore', 'ignore', 'pipe']});
} catch (error) {
	console.log(`strip (binutils) did not run (${error.code ?? error.message}): the file keeps Node's symbols, about 12 MiB more`);
	copyFileSync(process.execPath, partial);
}
chmodSync(partial, 0o755);
await quietlyInject(partial, readFileSync(blob));
renameSync(partial, output);
rmSync(work, {recursive: true, force: true});

const version = execFileSync(output, ['--version'], {encoding: 'utf8', env: {PATH: '/nonexistent'}}).trim();
const megabytes = (statSync(output).size / 1024 / 1024).toFixed(1);
console.log(`${output}: ${megabytes} MiB, built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  ${version}`);
if (!version.includes(`commit ${buildInfo.commit}`)) throw new Error(`the new file reports "${version}", not the commit ${buildInfo.commit}`);

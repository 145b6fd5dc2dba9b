#!/usr/bin/env node
// npm run release: release/oms-upgrade, one executable file holding Node.js and the whole program (a
// Node single executable application). The bundle (bundle.mjs) and the files the program reads
// (source/assets.ts) go into a SEA blob, which postject injects into a copy of the running node binary.
// Nothing is downloaded: the Node.js inside is the one running this script.
import {execFileSync} from 'node:child_process';
import {chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {inject} from 'postject';
import {root, writeBuildInfo} from './build-info.mjs';
import {bundle} from './bundle.mjs';

/** The fuse Node's SEA support looks for (Node's SEA documentation); injecting flips it. */
const seaFuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const releaseDir = join(root, 'release');
const work = join(releaseDir, '.build');
const output = join(releaseDir, 'oms-upgrade');

const node = readFileSync(process.execPath);
if (!node.includes(`${seaFuse}:0`)) {
	throw new Error(`${process.execPath} (Node.js ${process.version}) cannot become a single executable: it lacks the fuse ${seaFuse}. Build with an official Node.js 20.12 or newer.`);
}

rmSync(work, {recursive: true, force: true});
mkdirSync(work, {recursive: true});
const started = Date.now();
const main = join(work, 'oms-upgrade.cjs');
await bundle(main);

// The files source/assets.ts reads, under their paths in the package.
const buildInfo = writeBuildInfo(join(work, 'build-info.json'));
const assets = {'package.json': join(root, 'package.json'), 'dist/build-info.json': join(work, 'build-info.json')};
for (const name of readdirSync(join(root, 'source/lab/image'))) assets[`source/lab/image/${name}`] = join(root, 'source/lab/image', name);
writeFileSync(join(work, 'assets.json'), JSON.stringify(Object.keys(assets)));
assets['assets.json'] = join(work, 'assets.json');

const blob = join(work, 'sea-prep.blob');
const config = {main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets};
writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], {stdio: 'inherit'});

const partial = join(work, 'oms-upgrade');
copyFileSync(process.execPath, partial);
chmodSync(partial, 0o755);
await inject(partial, 'NODE_SEA_BLOB', readFileSync(blob), {sentinelFuse: seaFuse});
renameSync(partial, output);
rmSync(work, {recursive: true, force: true});

const version = execFileSync(output, ['--version'], {encoding: 'utf8', env: {PATH: '/nonexistent'}}).trim();
const megabytes = (statSync(output).size / 1024 / 1024).toFixed(1);
console.log(`${output}: ${megabytes} MiB, built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  ${version}`);
if (!version.includes(`commit ${buildInfo.commit}`)) throw new Error(`the new file reports "${version}", not the commit ${buildInfo.commit}`);

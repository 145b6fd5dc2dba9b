#!/usr/bin/env node
// Benchmark: the single executable (release/oms-upgrade) next to the source build (node bin/oms-upgrade.js):
// size on disk, time to `--version` and `--help` against a bare `node -e 0`, and time from start to the
// console's first frame on a lab against a bare Ink app drawing one line in the same pseudo-terminal
// (what Node.js, React and Ink cost before the console does anything of its own). "First frame" is the
// first output holding the panel's header (drawn from the plan and the journal, before discovery reads
// the cluster), "live frame" the first with every node card showing ONLINE from the status poller.
// Where the source build's milliseconds go: fresh node processes importing one group of modules each
// (what --version loads, Ink and React, the console's first frame, what reads the cluster), against the
// same bare `node -e 0`. The single executable is one bundled script with a V8 code cache made from the
// console's first frame (scripts/release/sea-loader.cjs); each command's modules in it are evaluated only
// when it runs.
// Usage: node bench/startup.bench.mjs [--json] after npm run build; it builds release/oms-upgrade when that
// is missing or older than dist/ (node scripts/release/release.mjs), and needs root: it starts a lab and
// stops it at the end. BENCH_RUNS (5) runs per build. BENCH_BEFORE=DIR: a checkout of an earlier commit,
// built there (npm run build and node scripts/release/release.mjs), measured in the same runs beside this
// one; its rows end in "(before)".
//
// Where the milliseconds went, from one run with BENCH_BEFORE (2026-12-06 03:30 UTC, Node v20.20.2, 2 cores
// shared with other work at a load average of 12–20: read the ratios; before = commit 6942f78):
// - --version: source build 11.8× → 1.8× a bare `node -e 0` (3,846 → 584 ms), release file 3.1× → 1.1×
//   (1,007 → 351 ms); --help: 11.4× → 1.7× (3,714 → 554 ms) and 3.5× → 1.1× (1,134 → 370 ms). The import
//   of what they load (dist/cli.js) went 11.1× → 1.3× (3,612 → 412 ms): cli.tsx imported every command
//   statically, so each start loaded Ink, React, yaml, dockerode, mysql2 and execa, and cli-args.ts loaded
//   mysql2 and execa through lab/metadb-server.ts for two lists of words. Now each command's module is
//   imported when it runs; --version, --help and `plan --help` load no package
//   (test/startup/lazy-loading.test.ts). The single executable also loaded Yoga's WebAssembly and evaluated
//   every bundled module before it read its arguments; now only the console loads Yoga and Ink.
// - The console's first frame: source build 1.77× → 1.46× the bare Ink app (3,963 → 3,270 ms), release
//   file 0.77× → 0.46× (1,722 → 1,026 ms). The console's module no longer imports discovery and the
//   adapters: that group (5.9–6.2× node -e 0) loads after the first frame, which was drawn before
//   discovery already. The console's group went 11.9× → 7.1×; most of what is left is Ink and React
//   (5.4–6.4×), then yaml, the store and the panel. The ms goals (≤ 400, ≤ 200) are not met on this
//   machine, where the bare Ink app alone took 2,237 ms. Every node ONLINE: the same work, unchanged.
// - V8's code cache: the single executable has used one since its first release (Node's useCodeCache
//   until 2026-12-06, then its own, below). Node 20 offers none for the source build's ES modules: module.enableCompileCache()
//   and NODE_COMPILE_CACHE are Node 22 (on v20.20.2 the function is undefined and the variable writes
//   nothing); vm.Script's cachedData is for scripts, not the ES module loader; a startup snapshot
//   (--build-snapshot) needs one bundled script, which the source build is not.
//
// The text of the first frame (2026-12-06 23:00 UTC, quiet machine; the bundle run by the loader with its
// code cache, ms from the process's start to the first frame, median of 25 interleaved starts):
// string-width built an Intl.Segmenter as it loaded (12 ms: the first one a process builds loads ICU's
// grapheme rules) and compiled its \p{RGI_Emoji} expression at the first character beyond ASCII (22 ms), for
// text whose width is its length; with those gone slice-ansi's segmenter paid the 12 ms, and ansi-tokenize
// (Ink's output, every line of every frame) segmented each line and built three sets per cell to diff
// equal styles. Now the bundles answer narrow text (one cell per character, each a grapheme of its own:
// scripts/build/narrow-text.js) without a segmenter or string-width's expressions, build segmenters when
// text needs them, and skip the diff of equal styles (scripts/build/first-frame.mjs; each patch is checked
// against its package on random text by test/build/first-frame.test.ts): 191 → 154 ms (string-width) →
// 136 ms (the rest).
// Where the release file's first frame goes, from CPU profiles of its bundle run by the same loader and
// code cache (2026-12-06 21:00 UTC, quiet machine, load average about 1; ms of one profiled start, whose
// sampling adds its own): Node.js starting and the loader deserialising the code cache (about 30 ms for
// 1.4 MB) up to about 90 ms; Yoga's WebAssembly 10 ms; evaluating the console's modules about 95 ms
// (string-width's Intl.Segmenter and Unicode expressions about 35 ms, zod 18 ms, yaml 6 ms, garbage
// collection 11 ms); React's first render and Ink's first output about 63 ms (string-width measuring each
// text for the first time 18 ms, ansi-tokenize building the output 15 ms). What changed that day:
// - Yoga's loader read the global fetch, which loads undici: about 40 ms before every first frame. It now
//   loads without fetch (scripts/build/yoga-without-fetch.js).
// - The release file's code cache was Node's useCodeCache, made by compiling the bundle without running
//   it: it holds the functions V8 compiles eagerly, so every function the first frame calls was compiled at
//   each start. The loader now compiles the bundle with a cache made after the console's first frame
//   (scripts/release/sea-loader.cjs, code-cache.cjs): 291 → 233 ms in one interleaved run.
// - The source build loaded zod as about 95 module files and a second string-width (Ink's and the panel's);
//   zod, yaml and string-width are now bundled into dist/vendor with Ink, and Ink's wrap-ansi shares the one
//   string-width (now in scripts/build/first-frame.mjs): 150 modules before the first frame instead of 250.
// - Tried and left out: Yoga's WebAssembly compiled while the command line is read (no difference beyond
//   the runs' spread), or while the console's modules are evaluated (none either, 25 starts of each);
//   a larger young generation (--min-semi-space-size=16: none); zod's jitless mode (2 ms of 25 in
//   reading the plan); V8's --always-sparkplug with a cache made under it (slower). A V8 startup snapshot (SEA useSnapshot) would skip evaluating the
//   modules, but chalk, Ink's CI check and ansi-escapes read the environment when they load: a snapshot
//   would keep the build machine's answers (colour, CI), so it is not used.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {bundle} from '../scripts/release/bundle.mjs';
import {startLab} from './lib/lab.mjs';
import {median, progress, report, row} from './lib/table.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const before = process.env.BENCH_BEFORE;
/** The two builds of a checkout: [source build, release file]. */
const buildsOf = directory => [
	{name: 'source build (node bin/oms-upgrade.js)', command: [process.execPath, join(directory, 'bin/oms-upgrade.js')]},
	{name: 'release/oms-upgrade (single executable)', command: [join(directory, 'release/oms-upgrade')]},
];
const builds = buildsOf(root);

const du = paths => Number(execFileSync('du', ['-scb', ...paths], {encoding: 'utf8'}).trim().split('\n').at(-1).split('\t')[0]);

/** What a source install runs from: bin, dist, the lab scripts and the production dependencies. */
function sourceSize() {
	const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim().split('\n').slice(1);
	const dependencies = listed.filter(path => !listed.some(other => other !== path && path.startsWith(`${other}/node_modules/`)));
	return du([join(root, 'bin'), join(root, 'dist'), join(root, 'source/lab/image'), ...new Set(dependencies)]);
}

/** The newest modification time of the files under a directory. */
const newest = directory => Math.max(...readdirSync(directory, {recursive: true}).map(file => statSync(join(directory, file)).mtimeMs));

/** Builds the release file when it is missing or older than the build it would bundle. */
function ensureRelease() {
	const file = builds[1].command[0];
	if (existsSync(file) && statSync(file).mtimeMs >= newest(join(root, 'dist'))) return;
	progress('startup', 'building release/oms-upgrade (node scripts/release/release.mjs)');
	execFileSync(process.execPath, [join(root, 'scripts/release/release.mjs')], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']});
}

/** ms from spawning `command args` to its exit (output ignored). */
function timeCommand(command, args) {
	const began = performance.now();
	execFileSync(command[0], [...command.slice(1), ...args], {cwd: root, stdio: 'ignore'});
	return performance.now() - began;
}

/** Groups of the source build's modules, each imported by a fresh node that then exits: where its start-up goes. */
const importGroups = [
	{name: 'what --version and --help load (dist/cli.js)', modules: ['dist/cli.js']},
	{name: 'Ink and React', modules: ['ink', 'react']},
	{name: "the console's first frame (its command module)", modules: ['dist/commands/console-command.js']},
	{
		name: 'what reads the cluster (discovery, the adapters)',
		modules: ['dist/app/discovery.js', 'dist/app/console-controller.js', 'dist/adapters/live-ports.js', 'dist/adapters/ssh-tunnels.js'],
	},
];
const imports = (directory, modules) => modules.map(name => `await import(${JSON.stringify(name.startsWith('dist/') ? pathToFileURL(join(directory, name)).href : name)});`).join(' ');
const timeImports = (directory, group) => timeCommand([process.execPath, '--input-type=module', '-e', `${imports(directory, group.modules)} process.exit(0);`], []);

/** The console in a pseudo-terminal (`script`) of 120×40: ms to the first frame and to the live frame. */
function timeConsole(command, plan, nodes) {
	const line = (plan ? [...command, 'console', '-c', plan] : command).map(word => `'${word}'`).join(' ');
	return new Promise((resolve, reject) => {
		const began = performance.now();
		const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${line}`, '/dev/null'], {env: {...process.env, NO_COLOR: '1', TERM: 'xterm-256color'}});
		let screen = '';
		let firstFrame;
		let liveFrame;
		const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.stdout.on('data', chunk => {
			screen += chunk.toString('utf8');
			if (firstFrame === undefined && screen.includes('oms-upgrade · lab · ')) firstFrame = performance.now() - began;
			// nodes = 0: no lab to wait for (the bare baseline), the first frame is the live one.
			if (firstFrame !== undefined && liveFrame === undefined && (screen.match(/ONLINE · heartbeat/g) ?? []).length >= nodes) {
				liveFrame = performance.now() - began;
				child.stdin.write('q');
			}
		});
		child.on('exit', () => {
			clearTimeout(timeout);
			if (liveFrame === undefined) reject(new Error(`the console did not draw its panel; it wrote:\n${screen.slice(-3000)}`));
			else resolve({firstFrame, liveFrame});
		});
	});
}

/**
 * The bare Ink app built and started as the release file is (bench/lib/bare-ink-entry.mjs): bundled, run from
 * a code cache made from its first frame. The floor for the release file's first frame.
 */
async function bundledBareInk() {
	const directory = mkdtempSync(join(tmpdir(), 'oms-bench-bare-'));
	const file = join(directory, 'bare-ink.cjs');
	const cache = join(directory, 'bare-ink.cache');
	await bundle(file, join(root, 'bench/lib/bare-ink-entry.mjs'));
	const warmUp = [process.execPath, join(root, 'scripts/release/code-cache.cjs'), file, cache, 'no-plan'];
	execFileSync('script', ['-qfec', `stty cols 120 rows 40; exec ${warmUp.map(word => `'${word}'`).join(' ')}`, '/dev/null'], {
		input: '',
		stdio: ['pipe', 'ignore', 'inherit'],
		timeout: 60_000,
	});
	return {directory, command: [process.execPath, join(root, 'bench/lib/run-bundle.cjs'), file, cache]};
}

ensureRelease();
const bare = {name: 'bare Ink app', command: [process.execPath, join(root, 'bench/lib/bare-ink.mjs')], version: [], firstFrame: [], liveFrame: []};
const bareBundled = {...(await bundledBareInk()), firstFrame: []};
const bareNode = [];
/** What is measured of one checkout: its two builds and its import groups; `tag` ends its rows' names. */
const checkout = (directory, tag) => ({
	directory,
	tag,
	results: buildsOf(directory).map(build => ({...build, version: [], help: [], firstFrame: [], liveFrame: []})),
	groups: importGroups.map(group => ({...group, times: []})),
});
const checkouts = [checkout(root, ''), ...(before ? [checkout(before, ' (before)')] : [])];
const nodes = 2;
progress('startup', `starting a ${nodes}-node lab`);
const lab = startLab('startup', {nodes});
try {
	const plan = lab.plan;
	const all = checkouts.flatMap(entry => entry.results);
	for (let run = 0; run < runs; run += 1) {
		progress('startup', `run ${run + 1} of ${runs}`);
		bareNode.push(timeCommand([process.execPath, '-e', '0'], []));
		// Alternate which build goes first, so neither always meets a cold cache.
		for (const result of run % 2 === 0 ? all : [...all].reverse()) {
			result.version.push(timeCommand(result.command, ['--version']));
			result.help.push(timeCommand(result.command, ['--help']));
			const {firstFrame, liveFrame} = await timeConsole(result.command, plan, nodes);
			result.firstFrame.push(firstFrame);
			result.liveFrame.push(liveFrame);
		}
		bare.firstFrame.push((await timeConsole(bare.command, null, 0)).firstFrame);
		bareBundled.firstFrame.push((await timeConsole(bareBundled.command, null, 0)).firstFrame);
		for (const entry of checkouts) for (const group of entry.groups) group.times.push(timeImports(entry.directory, group));
	}
	const release = checkouts[0].results[1];
	const sizes = {source: sourceSize() + statSync(process.execPath).size, release: statSync(release.command[0]).size};
	const first = `median of ${runs} runs in a 120×40 pseudo-terminal (script) on a ${nodes}-node lab; the first frame is drawn from the plan and the journal, before discovery reads the cluster; baseline: a bare Ink app drawing one line in the same terminal`;
	const node = median(bareNode);
	const rowsOf = ({tag, results: [source, release], groups}, notes) => [
		row({measure: `start → first frame, source build${tag}`, tool: median(source.firstFrame), baseline: median(bare.firstFrame), unit: 'ms', goal: '≤ 400 ms', note: notes ? first : null}),
		row({
			measure: `start → first frame, release file${tag}`,
			tool: median(release.firstFrame),
			baseline: median(bareBundled.firstFrame),
			unit: 'ms',
			goal: '≤ 200 ms',
			note: notes ? 'baseline: the bare Ink app bundled and started as the release file is (bench/lib/bare-ink-entry.mjs: one bundle, Yoga first, a code cache made from its first frame)' : null,
		}),
		row({measure: `start → every node ONLINE, source build${tag}`, tool: median(source.liveFrame), baseline: null, unit: 'ms'}),
		row({measure: `start → every node ONLINE, release file${tag}`, tool: median(release.liveFrame), baseline: null, unit: 'ms'}),
		row({measure: `--version, source build vs node -e 0${tag}`, tool: median(source.version), baseline: node, unit: 'ms', goal: '≤ 3×', note: notes ? 'baseline: a bare `node -e 0` of the same node binary, timed in the same runs' : null}),
		row({measure: `--version, release file vs node -e 0${tag}`, tool: median(release.version), baseline: node, unit: 'ms', goal: '≤ 2×'}),
		row({measure: `--help, source build vs node -e 0${tag}`, tool: median(source.help), baseline: node, unit: 'ms', goal: '≤ 3×'}),
		row({measure: `--help, release file vs node -e 0${tag}`, tool: median(release.help), baseline: node, unit: 'ms', goal: '≤ 2×'}),
		...groups.map((group, index) =>
			row({
				measure: `source build, import of ${group.name}${tag}`,
				tool: median(group.times),
				baseline: node,
				unit: 'ms',
				note: notes && index === 0 ? "a fresh node (--input-type=module -e) importing the group and exiting, against node -e 0: where the source build's start-up goes" : null,
			}),
		),
	];
	report('startup', [
		...checkouts.flatMap((entry, index) => rowsOf(entry, index === 0)),
		row({measure: 'size on disk, release file vs source build', tool: sizes.release / 2 ** 20, baseline: sizes.source / 2 ** 20, unit: 'MiB', note: 'source build: bin, dist, the lab scripts, production node_modules and the node binary'}),
	]);
} finally {
	lab.down();
	rmSync(bareBundled.directory, {recursive: true, force: true});
}

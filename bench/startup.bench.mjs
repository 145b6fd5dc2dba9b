#!/usr/bin/env node
// Benchmark: the single executable (release/oms-upgrade) next to the source build (node bin/oms-upgrade.js):
// size on disk, time to `--version`, and time from start to the console's first frame on a lab.
// The console discovers the cluster before it draws, so both console figures include discovery of a
// 2-node lab on this machine (the same work for both builds); "first frame" is the first output holding
// the panel's header, "live frame" the first with every node card showing ONLINE from the status poller.
// The baseline of a first frame is a bare Ink app drawing one line in the same pseudo-terminal: what
// Node.js, React and Ink cost before the console does anything of its own.
// Usage: node bench/startup.bench.mjs [--json] after npm run build; it builds release/oms-upgrade when that
// is missing or older than dist/ (node scripts/release/release.mjs), and needs root: it starts a lab and
// stops it at the end. BENCH_RUNS (5) runs per build.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {startLab} from './lib/lab.mjs';
import {median, progress, report, row} from './lib/table.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const builds = [
	{name: 'source build (node bin/oms-upgrade.js)', command: [process.execPath, join(root, 'bin/oms-upgrade.js')]},
	{name: 'release/oms-upgrade (single executable)', command: [join(root, 'release/oms-upgrade')]},
];

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

function timeVersion(command) {
	const began = performance.now();
	execFileSync(command[0], [...command.slice(1), '--version'], {stdio: 'ignore'});
	return performance.now() - began;
}

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

ensureRelease();
const bare = {name: 'bare Ink app', command: [process.execPath, join(root, 'bench/lib/bare-ink.mjs')], version: [], firstFrame: [], liveFrame: []};
const nodes = 2;
progress('startup', `starting a ${nodes}-node lab`);
const lab = startLab('startup', {nodes});
try {
	const plan = lab.plan;
	const results = builds.map(build => ({...build, version: [], firstFrame: [], liveFrame: []}));
	for (let run = 0; run < runs; run += 1) {
		progress('startup', `run ${run + 1} of ${runs}`);
		// Alternate which build goes first, so neither always meets a cold cache.
		for (const result of run % 2 === 0 ? results : [...results].reverse()) {
			result.version.push(timeVersion(result.command));
			const {firstFrame, liveFrame} = await timeConsole(result.command, plan, nodes);
			result.firstFrame.push(firstFrame);
			result.liveFrame.push(liveFrame);
		}
		bare.firstFrame.push((await timeConsole(bare.command, null, 0)).firstFrame);
	}
	const [source, release] = results;
	const sizes = {source: sourceSize() + statSync(process.execPath).size, release: statSync(release.command[0]).size};
	const first = `median of ${runs} runs in a 120×40 pseudo-terminal (script) on a ${nodes}-node lab; the console discovers the cluster before it draws, so its first frame includes discovery; baseline: a bare Ink app drawing one line in the same terminal`;
	report('startup', [
		row({measure: 'start → first frame, source build', tool: median(source.firstFrame), baseline: median(bare.firstFrame), unit: 'ms', goal: '≤ 400 ms', note: first}),
		row({measure: 'start → first frame, release file', tool: median(release.firstFrame), baseline: median(bare.firstFrame), unit: 'ms', goal: '≤ 400 ms'}),
		row({measure: 'start → every node ONLINE, source build', tool: median(source.liveFrame), baseline: null, unit: 'ms'}),
		row({measure: 'start → every node ONLINE, release file', tool: median(release.liveFrame), baseline: null, unit: 'ms'}),
		row({measure: '--version, release file vs source build', tool: median(release.version), baseline: median(source.version), unit: 'ms'}),
		row({measure: 'size on disk, release file vs source build', tool: sizes.release / 2 ** 20, baseline: sizes.source / 2 ** 20, unit: 'MiB', note: 'source build: bin, dist, the lab scripts, production node_modules and the node binary'}),
	]);
} finally {
	lab.down();
}

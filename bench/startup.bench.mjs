#!/usr/bin/env node
// Benchmark: the single executable (release/oms-upgrade) next to the source build (node bin/oms-upgrade.js):
// size on disk, time to `--version`, and time from start to the console's first frame on a lab.
// The console discovers the cluster before it draws, so both console figures include discovery of a
// 2-node lab on this machine (the same work for both builds); "first frame" is the first output holding
// the panel's header, "live frame" the first with every node card showing ONLINE from the status poller.
// Usage: npm run bench:startup   (builds the release; root: it starts a lab and stops it at the end)
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const builds = [
	{name: 'source build (node bin/oms-upgrade.js)', command: [process.execPath, join(root, 'bin/oms-upgrade.js')]},
	{name: 'release/oms-upgrade (single executable)', command: [join(root, 'release/oms-upgrade')]},
];

const du = paths => Number(execFileSync('du', ['-scb', ...paths], {encoding: 'utf8'}).trim().split('\n').at(-1).split('\t')[0]);
const mib = bytes => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** What a source install runs from: bin, dist, the lab scripts and the production dependencies. */
function sourceSize() {
	const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim().split('\n').slice(1);
	const dependencies = listed.filter(path => !listed.some(other => other !== path && path.startsWith(`${other}/node_modules/`)));
	return du([join(root, 'bin'), join(root, 'dist'), join(root, 'source/lab/image'), ...new Set(dependencies)]);
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timeVersion(command) {
	const began = performance.now();
	execFileSync(command[0], [...command.slice(1), '--version'], {stdio: 'ignore'});
	return performance.now() - began;
}

/** The console in a pseudo-terminal (`script`) of 120×40: ms to the first frame and to the live frame. */
function timeConsole(command, plan, nodes) {
	const line = [...command, 'console', '-c', plan].map(word => `'${word}'`).join(' ');
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

const lab = mkdtempSync('/tmp/oms-bench.');
const cli = (...args) => execFileSync(process.execPath, [join(root, 'bin/oms-upgrade.js'), ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']});
try {
	const nodes = 2;
	cli('lab', 'up', '--dir', join(lab, 'lab'), '--nodes', String(nodes));
	const plan = join(lab, 'lab', 'oms-upgrade.yaml');
	const load = loadavg()[0];
	const results = builds.map(build => ({...build, version: [], firstFrame: [], liveFrame: []}));
	for (let run = 0; run < runs; run += 1) {
		// Alternate which build goes first, so neither always meets a cold cache.
		for (const result of run % 2 === 0 ? results : [...results].reverse()) {
			result.version.push(timeVersion(result.command));
			const {firstFrame, liveFrame} = await timeConsole(result.command, plan, nodes);
			result.firstFrame.push(firstFrame);
			result.liveFrame.push(liveFrame);
		}
	}
	const sizes = [`${mib(sourceSize())} + Node.js ${mib(statSync(process.execPath).size)}`, `${mib(statSync(builds[1].command[0]).size)}, 1 file`];
	console.log(`median of ${runs} runs, Node ${process.version}, console at 120×40 on a ${nodes}-node lab (discovery included), load average ${load.toFixed(1)} at the start`);
	console.log(`${''.padEnd(40)} ${'size on disk'.padEnd(30)} ${'--version'.padStart(10)} ${'first frame'.padStart(12)} ${'live frame'.padStart(11)}`);
	results.forEach((result, index) => {
		const ms = values => `${Math.round(median(values))} ms`;
		console.log(`${result.name.padEnd(40)} ${sizes[index].padEnd(30)} ${ms(result.version).padStart(10)} ${ms(result.firstFrame).padStart(12)} ${ms(result.liveFrame).padStart(11)}`);
	});
} finally {
	cli('lab', 'down', '--dir', join(lab, 'lab'));
	rmSync(lab, {recursive: true, force: true});
}

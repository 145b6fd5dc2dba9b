#!/usr/bin/env node
// Benchmark: key → frame latency in the running panel. A child process renders the panel (the backup
// step running, 120×40) and reads keys from its real stdin, a pipe from this process; this process writes
// `f` (follow on/off, which flips "following"/"paused" in the log pane's title) and waits for the child
// to report the first frame Ink wrote that shows the flip. Both sides stamp with the same monotonic
// clock (process.hrtime), so a latency is key written → frame written, across the pipe. Measured while
// 10,000 log lines a second stream into the step's log, and (the baseline) with no stream.
// Usage: node bench/key-latency.bench.mjs [--json] after npm run build. BENCH_KEYS (200) presses per side.
import {spawn} from 'node:child_process';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {logLine, renderPanel} from './lib/panel.mjs';
import {percentile, progress, report, row} from './lib/table.mjs';

const presses = Number(process.env.BENCH_KEYS ?? 200);
const streamRate = 10_000;
const columns = 120;
const rows = 40;

/** The child: the panel, a log stream at `rate` lines a second, one stdout line per frame that flips follow. */
async function panelChild(rate) {
	const say = message => process.stdout.write(`${JSON.stringify(message)}\n`);
	let following = true;
	const terminal = new Writable({
		write(chunk, _encoding, done) {
			const text = chunk.toString();
			const on = text.lastIndexOf('· following');
			const off = text.lastIndexOf('· paused');
			if (on !== off && on > off !== following) {
				following = on > off;
				say({frame: String(process.hrtime.bigint()), following});
			}
			done();
		},
	});
	Object.assign(terminal, {columns, rows, isTTY: true});
	// Ink reads keys in raw mode, which it only asks of a terminal: the pipe stands in for one.
	Object.assign(process.stdin, {isTTY: true, setRawMode: () => process.stdin});
	const {log} = await renderPanel({stdout: terminal, stdin: process.stdin, columns, rows});
	let fed = 0;
	const began = performance.now();
	if (rate > 0) {
		// Catch up every 5 ms to what is due by now, so the rate holds even when a frame takes a while.
		setInterval(() => {
			const due = Math.floor(((performance.now() - began) / 1000) * rate);
			for (; fed < due; fed += 1) log(logLine(fed));
		}, 5);
	}
	process.on('SIGUSR2', () => {
		say({fed, seconds: (performance.now() - began) / 1000});
		process.exit(0);
	});
	say({ready: true});
}

/** The parent's side: `presses` presses of f into a child streaming at `rate`; the latencies in ms. */
async function measure(rate) {
	const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'panel', String(rate)], {stdio: ['pipe', 'pipe', 'inherit'], env: {...process.env, FORCE_COLOR: '0', NODE_ENV: 'production'}});
	const waiting = [];
	let buffered = '';
	child.stdout.on('data', chunk => {
		buffered += chunk;
		for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
			const message = JSON.parse(buffered.slice(0, end));
			buffered = buffered.slice(end + 1);
			waiting.shift()?.(message);
		}
	});
	const next = timeoutMs => new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms`)), timeoutMs);
		waiting.push(message => (clearTimeout(timer), resolve(message)));
	});
	const exited = new Promise(resolve => child.on('exit', resolve));
	try {
		await next(30_000);
		await new Promise(resolve => setTimeout(resolve, 1000));
		const latencies = [];
		for (let press = 0; press < presses; press += 1) {
			// A person's pace, varied so presses do not line up with Ink's 30-frames-a-second throttle.
			await new Promise(resolve => setTimeout(resolve, 40 + Math.random() * 60));
			const reply = next(5000);
			const sent = process.hrtime.bigint();
			child.stdin.write('f');
			const {frame} = await reply;
			latencies.push(Number(BigInt(frame) - sent) / 1e6);
		}
		const done = next(5000);
		child.kill('SIGUSR2');
		const {fed, seconds} = await done;
		return {latencies, linesPerSec: fed / seconds};
	} finally {
		child.kill('SIGKILL');
		await exited;
	}
}

if (process.argv[2] === 'panel') {
	await panelChild(Number(process.argv[3]));
} else {
	progress('key-latency', `${presses} presses of f with ${streamRate.toLocaleString('en')} log lines a second streaming in`);
	const streaming = await measure(streamRate);
	progress('key-latency', `${presses} presses of f with no log stream`);
	const idle = await measure(0);
	const note = `${presses} presses of f (follow on/off) per side, key written to the panel's stdin pipe → first frame showing the flip; log stream measured at ${Math.round(streaming.linesPerSec).toLocaleString('en')} lines/s; baseline: the same panel with no log stream`;
	report('key-latency', [
		row({measure: 'key → frame p50, 10k log lines/s', tool: percentile(streaming.latencies, 50), baseline: percentile(idle.latencies, 50), unit: 'ms', note}),
		row({measure: 'key → frame p95, 10k log lines/s', tool: percentile(streaming.latencies, 95), baseline: percentile(idle.latencies, 95), unit: 'ms', goal: '≤ 50 ms'}),
	]);
}

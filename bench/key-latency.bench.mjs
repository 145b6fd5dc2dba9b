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
	// SIGUSR1 turns the stream on and off; the rate counts the time it was on.
	let fed = 0;
	let streamed = 0;
	let since = null;
	let fedAtStart = 0;
	process.on('SIGUSR1', () => {
		if (since === null) {
			since = performance.now();
			fedAtStart = fed;
		} else {
			streamed += performance.now() - since;
			since = null;
		}
	});
	// Catch up every 5 ms to what is due by now, so the rate holds even when a frame takes a while.
	setInterval(() => {
		if (since === null || rate === 0) return;
		const due = fedAtStart + Math.floor(((performance.now() - since) / 1000) * rate);
		for (; fed < due; fed += 1) log(logLine(fed));
	}, 5);
	process.on('SIGUSR2', () => {
		say({fed, seconds: streamed / 1000});
		process.exit(0);
	});
	say({ready: true});
}

/** A child process with the panel, and the presses of f sent to it. */
function startPanel(rate) {
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
	const latencies = [];
	return {
		child,
		latencies,
		ready: () => next(30_000),
		/** One press of f; the ms from writing it to the frame that shows it. */
		async press() {
			const reply = next(5000);
			const sent = process.hrtime.bigint();
			child.stdin.write('f');
			const {frame} = await reply;
			latencies.push(Number(BigInt(frame) - sent) / 1e6);
		},
		async stats() {
			const done = next(5000);
			child.kill('SIGUSR2');
			return done;
		},
		async stop() {
			child.kill('SIGKILL');
			await exited;
		},
	};
}

/**
 * Both panels at once, pressed in alternating blocks of 20 (the stream on only during its own panel's
 * blocks), so a change in the machine's load falls on both sides alike.
 */
async function measure() {
	const streaming = startPanel(streamRate);
	const idle = startPanel(0);
	try {
		await Promise.all([streaming.ready(), idle.ready()]);
		const block = 20;
		for (let done = 0; done < presses; done += block) {
			for (const panel of [streaming, idle]) {
				if (panel === streaming) {
					panel.child.kill('SIGUSR1');
					await new Promise(resolve => setTimeout(resolve, 300));
				}
				for (let press = 0; press < Math.min(block, presses - done); press += 1) {
					// A person's pace, varied so presses do not line up with Ink's 30-frames-a-second throttle.
					await new Promise(resolve => setTimeout(resolve, 40 + Math.random() * 60));
					await panel.press();
				}
				if (panel === streaming) panel.child.kill('SIGUSR1');
			}
		}
		const {fed, seconds} = await streaming.stats();
		return {streaming: streaming.latencies, idle: idle.latencies, linesPerSec: fed / seconds};
	} finally {
		await Promise.all([streaming.stop(), idle.stop()]);
	}
}

if (process.argv[2] === 'panel') {
	await panelChild(Number(process.argv[3]));
} else {
	progress('key-latency', `${presses} presses of f per side, with ${streamRate.toLocaleString('en')} log lines a second streaming in and with none, in alternating blocks`);
	const {streaming, idle, linesPerSec} = await measure();
	const note = `${presses} presses of f (follow on/off) per side, key written to the panel's stdin pipe → first frame showing the flip; log stream measured at ${Math.round(linesPerSec).toLocaleString('en')} lines/s; baseline: the same panel with no log stream, pressed in alternating blocks of 20`;
	report('key-latency', [
		row({measure: 'key → frame p50, 10k log lines/s', tool: percentile(streaming, 50), baseline: percentile(idle, 50), unit: 'ms', note}),
		row({measure: 'key → frame p95, 10k log lines/s', tool: percentile(streaming, 95), baseline: percentile(idle, 95), unit: 'ms', goal: '≤ 50 ms'}),
	]);
}

#!/usr/bin/env node
// Benchmark: key → frame latency in the running panel. A child process renders the panel (the backup
// step running, 120×40) and reads keys from its real stdin, a pipe from this process; this process writes
// `f` (follow on/off, which flips "following"/"paused" in the log pane's title) and waits for the child
// to report the first frame Ink wrote that shows the flip. Both sides stamp with the same monotonic
// clock (process.hrtime), so a latency is key written → frame written, across the pipe. Measured while
// 10,000 log lines a second stream into the step's log, and (the baseline) with no stream.
// Usage: node bench/key-latency.bench.mjs [--json] after npm run build. BENCH_KEYS (200) presses per side.
// BENCH_PROFILE=1 also profiles the streaming panel (node --cpu-prof) and prints to stderr where its CPU
// went (React render, Ink's layout, Ink's output, the terminal write, the log buffer and store) and how
// each press's milliseconds split: waiting to be read, and read → frame (of which behind Ink's throttle).
//
// Where the time went (BENCH_PROFILE=1 BENCH_KEYS=100 before the fix, 2026-12-06, 2 cores at load average
// 20, so read the shares, not the absolute times; parts as lib/cpu-profile.mjs names them): of the
// streaming panel's 21.4 s of CPU, Ink's output, turning the laid-out tree into the screen's text on every
// frame (ansi-tokenize, string-width, Output.get), 41% (485 ms per streamed second); garbage collection,
// mostly that output's strings, 20%; the rest (Node's internals, loading modules) 21%; Ink's layout (Yoga)
// 6%; React's render and commit 5% plus the panel's components 1%; the write to the terminal 3%; feeding
// the lines 2%; the log buffer and the store's updates 1% (lines go into a ring buffer and reach React as
// one revision at most every 100 ms). So a frame costs the same whatever fed it, and the stream's cost is
// its ~10 extra whole-screen frames a second. Per press, streaming: key → read p50 0.9 ms; read → frame p50
// 51.1 ms, p95 150 ms; 72 of 100 presses were read < 34 ms after a frame, inside Ink's 30-frames-a-second
// throttle window, and waited for its trailing edge (their read → frame p50 62 ms); idle: 52 of 100, read →
// frame p50 23 ms. The panel now renders with Ink's throttle off (source/ui/render-options.ts); the store's
// 100 ms coalescing bounds the frame rate instead. After it (BENCH_PROFILE=1 BENCH_KEYS=100, load average
// ~10): the presses read < 34 ms after a frame go read → frame in 10.7 ms at p50 (62 ms before); what is
// left under the stream is the key waiting to be read while a whole frame is drawn (key → read p95 60 ms,
// idle 11 ms), i.e. Ink's output of the log's frames, still 41% of the CPU.
import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {cpuBreakdown} from './lib/cpu-profile.mjs';
import {logLine, renderPanel} from './lib/panel.mjs';
import {percentile, progress, report, row} from './lib/table.mjs';

const presses = Number(process.env.BENCH_KEYS ?? 200);
const streamRate = 10_000;
const columns = 120;
const rows = 40;
const profileDir = process.env.BENCH_PROFILE ? mkdtempSync(join(tmpdir(), 'key-latency-profile-')) : null;

/** The child: the panel, a log stream at `rate` lines a second, one stdout line per frame that flips follow. */
async function panelChild(rate) {
	const say = message => process.stdout.write(`${JSON.stringify(message)}\n`);
	let following = true;
	// For BENCH_PROFILE: when the key was read, and when the frame before it was written.
	let keyRead = 0n;
	let lastFrame = 0n;
	let frameBeforeKey = 0n;
	const terminal = new Writable({
		write(chunk, _encoding, done) {
			const now = process.hrtime.bigint();
			const text = chunk.toString();
			const on = text.lastIndexOf('· following');
			const off = text.lastIndexOf('· paused');
			if (on !== off && on > off !== following) {
				following = on > off;
				say({frame: String(now), following, read: String(keyRead), frameBefore: String(frameBeforeKey)});
			}
			lastFrame = now;
			done();
		},
	});
	process.stdin.prependListener('data', () => {
		keyRead = process.hrtime.bigint();
		frameBeforeKey = lastFrame;
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
	const profile = profileDir && rate > 0 ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
	const child = spawn(process.execPath, [...profile, fileURLToPath(import.meta.url), 'panel', String(rate)], {stdio: ['pipe', 'pipe', 'inherit'], env: {...process.env, FORCE_COLOR: '0', NODE_ENV: 'production'}});
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
	/** Per press: ms until the panel read the key, read → frame, and whether a frame came < 34 ms before the read. */
	const splits = [];
	return {
		child,
		latencies,
		splits,
		ready: () => next(30_000),
		/** One press of f; the ms from writing it to the frame that shows it. */
		async press() {
			const reply = next(5000);
			const sent = process.hrtime.bigint();
			child.stdin.write('f');
			const {frame, read, frameBefore} = await reply;
			latencies.push(Number(BigInt(frame) - sent) / 1e6);
			splits.push({toRead: Number(BigInt(read) - sent) / 1e6, readToFrame: Number(BigInt(frame) - BigInt(read)) / 1e6, afterFrame: Number(BigInt(read) - BigInt(frameBefore)) / 1e6 < 34});
		},
		async stats() {
			const done = next(5000);
			child.kill('SIGUSR2');
			return done;
		},
		async stop() {
			// A profiled child writes its profile as it exits (SIGUSR2): let it finish.
			if (profile.length === 0) child.kill('SIGKILL');
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
		return {streaming: streaming.latencies, idle: idle.latencies, linesPerSec: fed / seconds, seconds, splits: {streaming: streaming.splits, idle: idle.splits}};
	} finally {
		await Promise.all([streaming.stop(), idle.stop()]);
	}
}

/** BENCH_PROFILE's breakdown, on stderr: the streaming panel's CPU by part, and the presses' split. */
function printProfile(splits, streamedSec) {
	const file = readdirSync(profileDir).find(name => name.endsWith('.cpuprofile'));
	if (file) {
		const ms = cpuBreakdown(join(profileDir, file));
		const total = Object.values(ms).reduce((sum, value) => sum + value, 0);
		progress('key-latency', `streaming panel's CPU, ${(total / 1000).toFixed(1)} s in all (${streamedSec.toFixed(1)} s of it streaming):`);
		for (const [part, value] of Object.entries(ms).sort((a, b) => b[1] - a[1]))
			progress('key-latency', `  ${part.padEnd(38)} ${(value / 1000).toFixed(2).padStart(6)} s  ${((value / total) * 100).toFixed(0).padStart(3)}%  ${(value / streamedSec).toFixed(0).padStart(4)} ms per streamed second`);
	}
	for (const [side, list] of Object.entries(splits)) {
		const after = list.filter(split => split.afterFrame);
		const median = (values, p = 50) => (values.length > 0 ? percentile(values, p).toFixed(1) : '–');
		progress(
			'key-latency',
			`${side}: key → read p50 ${median(list.map(split => split.toRead))} ms p95 ${median(list.map(split => split.toRead), 95)} ms; read → frame p50 ${median(list.map(split => split.readToFrame))} ms p95 ${median(list.map(split => split.readToFrame), 95)} ms; ${after.length} of ${list.length} presses read < 34 ms after a frame (Ink's throttle window), their read → frame p50 ${median(after.map(split => split.readToFrame))} ms`,
		);
	}
	rmSync(profileDir, {recursive: true, force: true});
}

if (process.argv[2] === 'panel') {
	await panelChild(Number(process.argv[3]));
} else {
	progress('key-latency', `${presses} presses of f per side, with ${streamRate.toLocaleString('en')} log lines a second streaming in and with none, in alternating blocks`);
	const {streaming, idle, linesPerSec, seconds, splits} = await measure();
	if (profileDir) printProfile(splits, seconds);
	const note = `${presses} presses of f (follow on/off) per side, key written to the panel's stdin pipe → first frame showing the flip; log stream measured at ${Math.round(linesPerSec).toLocaleString('en')} lines/s; baseline: the same panel with no log stream, pressed in alternating blocks of 20`;
	report('key-latency', [
		row({measure: 'key → frame p50, 10k log lines/s', tool: percentile(streaming, 50), baseline: percentile(idle, 50), unit: 'ms', note}),
		row({measure: 'key → frame p95, 10k log lines/s', tool: percentile(streaming, 95), baseline: percentile(idle, 95), unit: 'ms', goal: '≤ 50 ms'}),
	]);
}

#!/usr/bin/env node
// Benchmark: 100,000 log lines fed at full speed into the running panel, against the same feed into a
// bare Ink <Text> list. Each side runs in its own process so CPU seconds and peak RSS are its own.
// Usage: node bench/log-feed.bench.mjs [--json] after npm run build (npm run bench runs it with the others)
import {execFileSync} from 'node:child_process';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {IdleKeyboard, logLine, renderPanel} from './lib/panel.mjs';
import {report, row} from './lib/table.mjs';

const totalLines = Number(process.env.BENCH_LINES ?? 100_000);
const batch = 100;
const columns = 120;
const rows = 40;

/** A terminal that counts the frames Ink writes to it. */
class CountingTerminal extends Writable {
	frames = 0;
	bytes = 0;
	written = '';
	columns = columns;
	rows = rows;
	isTTY = true;
	_write(chunk, _encoding, done) {
		this.frames += 1;
		this.bytes += chunk.length;
		this.written += chunk.toString();
		done();
	}
}

const line = logLine;
const tick = () => new Promise(resolve => setImmediate(resolve));

async function feedPanel(stdout) {
	const {instance, log} = await renderPanel({stdout, stdin: new IdleKeyboard(), columns, rows});
	for (let index = 0; index < totalLines; index += batch) {
		for (let offset = 0; offset < batch; offset += 1) log(line(index + offset));
		await tick();
	}
	await new Promise(resolve => setTimeout(resolve, 250));
	instance.unmount();
}

async function feedBaseline(stdout) {
	const React = (await import('react')).default;
	const {render, Box, Text} = await import('ink');
	let push;
	function List() {
		const [lines, setLines] = React.useState([]);
		push = more => setLines(previous => [...previous, ...more].slice(-(rows - 1)));
		return React.createElement(Box, {flexDirection: 'column'}, lines.map((text, index) => React.createElement(Text, {key: index, wrap: 'truncate'}, text)));
	}
	const instance = render(React.createElement(List), {stdout, stdin: new IdleKeyboard(), patchConsole: false, exitOnCtrlC: false});
	await tick();
	for (let index = 0; index < totalLines; index += batch) {
		push(Array.from({length: batch}, (_, offset) => line(index + offset)));
		await tick();
	}
	await new Promise(resolve => setTimeout(resolve, 250));
	instance.unmount();
}

async function measure(which) {
	const stdout = new CountingTerminal();
	const start = process.cpuUsage();
	const began = performance.now();
	await (which === 'panel' ? feedPanel(stdout) : feedBaseline(stdout));
	const cpu = process.cpuUsage(start);
	// A panel that failed to render would measure nothing: the last line fed must have reached the screen.
	const lastLine = line(totalLines - 1).slice(0, 40);
	if (!stdout.written.includes(lastLine) || stdout.written.includes('ERROR')) throw new Error(`${which}: the feed did not render:\n${stdout.written.slice(-2000)}`);
	process.stdout.write(JSON.stringify({which, frames: stdout.frames, bytes: stdout.bytes, cpuSec: (cpu.user + cpu.system) / 1e6, wallSec: (performance.now() - began) / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024}) + '\n');
}

if (process.argv[2] === 'panel' || process.argv[2] === 'baseline') {
	process.env.FORCE_COLOR = '0';
	await measure(process.argv[2]);
	process.exit(0);
} else {
	const self = fileURLToPath(import.meta.url);
	// Both sides as the product runs: React's production build, no colour.
	const run = which => {
		const output = execFileSync(process.execPath, [self, which], {encoding: 'utf8', env: {...process.env, FORCE_COLOR: '0', NODE_ENV: 'production'}, stdio: ['ignore', 'pipe', 'pipe']});
		return JSON.parse(output.split('\n').find(text => text.startsWith('{')));
	};
	const panel = run('panel');
	const baseline = run('baseline');
	const note = `${totalLines.toLocaleString('en')} log lines at full speed, batches of ${batch}, ${columns}×${rows}; baseline: the same feed into a bare Ink <Text> list, each in its own process`;
	const measures = [
		['log feed: frames written', 'frames', 'frames'],
		['log feed: bytes written', 'bytes', 'bytes'],
		['log feed: CPU', 'cpuSec', 's'],
		['log feed: wall time', 'wallSec', 's'],
		['log feed: peak RSS', 'peakRssMiB', 'MiB'],
	];
	report('log-feed', measures.map(([measure, key, unit], index) => row({measure, tool: panel[key], baseline: baseline[key], unit, note: index === 0 ? note : null})));
}

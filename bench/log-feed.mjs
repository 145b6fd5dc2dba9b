#!/usr/bin/env node
// Benchmark: 100,000 log lines fed at full speed into the running panel, against the same feed into a
// bare Ink <Text> list. Each side runs in its own process so CPU seconds and peak RSS are its own.
// Usage: npm run bench   (builds first; prints one table)
import {execFileSync} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';

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

/** A keyboard nobody types on: the panel reads keys in raw mode, which needs a TTY-like stdin. */
class IdleKeyboard extends EventEmitter {
	isTTY = true;
	setRawMode() {}
	setEncoding() {}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
	read() {
		return null;
	}
}

const line = index => `mysqldump oms_cm_hb_1: ${index} rows written, ${(index * 137) % 99_991} bytes, table heatbeat_sequence`;
const tick = () => new Promise(resolve => setImmediate(resolve));

async function feedPanel(stdout) {
	const React = (await import('react')).default;
	const {render} = await import('ink');
	const {createPanelStore} = await import('../dist/store/panel-store.js');
	const {App} = await import('../dist/ui/app.js');
	const {upgradeSteps, rollbackSteps} = await import('../dist/steps/index.js');
	const {stepView: view, viewDefaults} = await import('../dist/store/initial-state.js');
	const node = host => ({host, region: 'hangzhou', oldContainer: 'oms_428', newContainer: 'oms_428_429', oldState: 'exited', newState: 'absent', imageStaged: true, init: null, initBy: null, hostStatus: 'ONLINE', heartbeatAgeSec: 1, reachable: true, oldBinds: [], newBinds: null});
	const store = createPanelStore({
		planName: 'bench', from: '4.2.8-CE', to: '4.2.9-CE', metadb: 'u@127.0.0.1:3306', haState: 'on', openedAt: Date.now(), t1: null, t2: null,
		steps: upgradeSteps.map(step => view(step)).map(step => (step.id === 'backup' ? {...step, status: 'running', startedAt: new Date().toISOString()} : step)),
		rollback: rollbackSteps.map(step => view(step)), nodes: ['127.0.0.2', '127.0.0.3', '127.0.0.4'].map(node), ...viewDefaults, selected: 5, running: 'backup',
	});
	const controller = {busy: true, runStep() {}, runFrom() {}, rollback() {}, answer() {}, interrupt: async () => {}};
	const instance = render(React.createElement(App, {store, controller, size: {columns, rows}}), {stdout, stdin: new IdleKeyboard(), patchConsole: false, exitOnCtrlC: false});
	const at = new Date().toISOString();
	for (let index = 0; index < totalLines; index += batch) {
		for (let offset = 0; offset < batch; offset += 1) store.getState().applyEvent({type: 'log', at, step: 'backup', node: null, level: 'info', text: line(index + offset)});
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
	const ratio = (a, b) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`);
	console.log(`${totalLines.toLocaleString('en')} log lines, batches of ${batch}, ${columns}×${rows}, Node ${process.version}`);
	console.log('                    frames    bytes written   CPU s   wall s   peak RSS MiB');
	for (const result of [panel, baseline]) {
		console.log(`${result.which === 'panel' ? 'oms-upgrade panel ' : 'bare Ink <Text>   '}  ${String(result.frames).padStart(6)}  ${String(result.bytes).padStart(14)}  ${result.cpuSec.toFixed(2).padStart(6)}  ${result.wallSec.toFixed(2).padStart(7)}  ${result.peakRssMiB.toFixed(1).padStart(12)}`);
	}
	console.log(`panel / baseline:   ${ratio(panel.frames, baseline.frames).padStart(6)}  ${ratio(panel.bytes, baseline.bytes).padStart(14)}  ${ratio(panel.cpuSec, baseline.cpuSec).padStart(6)}  ${ratio(panel.wallSec, baseline.wallSec).padStart(7)}  ${ratio(panel.peakRssMiB, baseline.peakRssMiB).padStart(12)}`);
}

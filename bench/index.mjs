#!/usr/bin/env node
// npm run bench: builds, then runs every bench/*.bench.mjs one after another (each with --json, so the
// machine is not shared between two of them) and prints one table of what they measured.
// BENCH_ONLY=log-feed,startup selects benches by name. A bench that fails is named after the table and
// the harness exits 1; the others' rows are still printed. BENCH_TIMEOUT_MIN (30) bounds each bench.
import {spawn} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatTable} from './lib/table.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Fast in-process benches first, lab-based ones after; a bench not listed here runs last, by name. */
const order = ['log-feed', 'key-latency', 'startup', 'dumps', 'downtime', 'forecast', 'scale', 'staging'];
const rank = name => (order.includes(name) ? order.indexOf(name) : order.length);
/** A bench still running after this long is stopped (SIGTERM: the lab-based ones stop their lab) and counts as failed. */
const timeoutMin = Number(process.env.BENCH_TIMEOUT_MIN ?? 30);
const only = (process.env.BENCH_ONLY ?? '').split(',').map(name => name.trim()).filter(Boolean);

const found = readdirSync(here)
	.filter(file => file.endsWith('.bench.mjs'))
	.map(file => file.slice(0, -'.bench.mjs'.length))
	.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const unknown = only.filter(name => !found.includes(name));
if (unknown.length > 0) {
	console.error(`BENCH_ONLY names ${unknown.join(', ')}, not among the benches: ${found.join(', ')}`);
	process.exit(2);
}
const selected = only.length > 0 ? found.filter(name => only.includes(name)) : found;

/** Runs one bench; its stderr (progress) passes through, its stdout's last line is the result. */
function runBench(name) {
	return new Promise(resolve => {
		const began = performance.now();
		process.stderr.write(`bench: ${name} …\n`);
		const child = spawn(process.execPath, [join(here, `${name}.bench.mjs`), '--json'], {stdio: ['ignore', 'pipe', 'inherit']});
		let stdout = '';
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGTERM');
		}, timeoutMin * 60_000);
		child.stdout.on('data', chunk => (stdout += chunk));
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const seconds = ((performance.now() - began) / 1000).toFixed(0);
			const last = stdout.trimEnd().split('\n').at(-1) ?? '';
			let parsed;
			try {
				parsed = JSON.parse(last);
			} catch {}
			if (code !== 0 || !parsed || !Array.isArray(parsed.rows)) {
				const why = timedOut ? `stopped after ${timeoutMin} min (BENCH_TIMEOUT_MIN)` : code !== 0 ? `exit ${code ?? signal}` : 'its last line is not the JSON result';
				process.stderr.write(`bench: ${name} failed (${why}) after ${seconds} s\n`);
				resolve({name, error: `${why}${stdout.trim() ? `; last output: ${last.slice(0, 200)}` : ''}`, rows: []});
				return;
			}
			process.stderr.write(`bench: ${name} done in ${seconds} s\n`);
			resolve({name, rows: parsed.rows.map(entry => ({...entry, bench: parsed.bench ?? name}))});
		});
	});
}

const load = loadavg()[0];
const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
const results = [];
for (const name of selected) results.push(await runBench(name));

console.log(`oms-upgrade benches, started ${started} UTC, Node ${process.version}, ${cpus().length} cores, load average ${load.toFixed(1)} at the start`);
console.log('each row: the tool and its baseline measured side by side in the same run; ratio = tool / baseline\n');
console.log(formatTable(results.flatMap(result => result.rows), {bench: true}));
const failed = results.filter(result => result.error);
for (const result of failed) console.log(`\nFAILED: ${result.name}: ${result.error}`);
process.exit(failed.length > 0 ? 1 : 0);

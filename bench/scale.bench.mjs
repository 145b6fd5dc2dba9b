#!/usr/bin/env node
// Benchmark: how an upgrade's downtime (T1 → HA on, from report.json) and total time (the whole `run`, wall
// clock) grow with nodes and regions. Nodes run each step in parallel and regions init one after another, so
// downtime should grow with regions, not with nodes. One lab per shape (3 nodes/1 region, 9/1, 3/3, 9/3), one
// after another; each gets `lab up`, a full `run --yes`, `lab down`.
// Usage: node bench/scale.bench.mjs [--json] [--shapes 3x1,9x3] [--runs N: median of N runs per shape, default 1]   (root; builds nothing: run `npm run build`
// first; start it in a network namespace of its own when another lab may run on this machine)
// With --json the last stdout line is {"bench":"scale","rows":[…]}; timings are figures, never assertions.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = join(root, 'bin/oms-upgrade.js');
const args = process.argv.slice(2);
const json = args.includes('--json');
const shapesArg = args.includes('--shapes') ? args[args.indexOf('--shapes') + 1] : '3x1,9x1,3x3,9x3';
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 1;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a whole number ≥ 1');
const shapes = shapesArg.split(',').map(text => {
	const [nodes, regions] = text.split('x').map(Number);
	if (!Number.isInteger(nodes) || !Number.isInteger(regions)) throw new Error(`--shapes ${shapesArg}: expected NODESxREGIONS, e.g. 9x3`);
	return {nodes, regions, name: `${nodes} nodes / ${regions} region${regions > 1 ? 's' : ''}`};
});
const say = text => process.stderr.write(`${text}\n`);
const seconds = ms => ms / 1000;
const oms = (argv, options = {}) => execFileSync(process.execPath, [cli, ...argv], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe'], ...options});

/** The lab now up, so that Ctrl-C or the harness's SIGTERM (handled once the current command returns) stops it. */
let current;
const onSignal = signal => {
	if (current) oms(['lab', 'down', '--dir', current.lab]);
	if (current) rmSync(current.base, {recursive: true, force: true});
	process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

/** One shape: lab up, a full upgrade, lab down. Times in seconds; `steps` is each step's own duration. */
function measure(shape) {
	const base = mkdtempSync('/tmp/omsb-');
	const lab = join(base, 'lab');
	current = {base, lab};
	try {
		let began = performance.now();
		oms(['lab', 'up', '--dir', lab, '--nodes', String(shape.nodes), '--regions', String(shape.regions)]);
		const labUp = seconds(performance.now() - began);
		began = performance.now();
		oms(['run', '-c', join(lab, 'oms-upgrade.yaml'), '--yes']);
		const total = seconds(performance.now() - began);
		const report = JSON.parse(readFileSync(join(lab, 'oms-upgrade-lab', 'report.json'), 'utf8'));
		if (report.outcome !== 'succeeded') throw new Error(`${shape.name}: the upgrade ended ${report.outcome}: ${report.detail}`);
		const downtime = seconds(Date.parse(report.t2) - Date.parse(report.t1));
		const steps = Object.fromEntries(report.steps.filter(step => step.node === null).map(step => [step.id, seconds(Date.parse(step.finishedAt) - Date.parse(step.startedAt))]));
		return {...shape, labUp, total, downtime, steps};
	} finally {
		try {
			oms(['lab', 'down', '--dir', lab]);
		} finally {
			current = undefined;
			rmSync(base, {recursive: true, force: true});
		}
	}
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
for (const shape of shapes) {
	const samples = [];
	for (let run = 1; run <= runs; run += 1) {
		say(`scale bench: ${shape.name} (${run}/${runs}): lab up, run, lab down …`);
		samples.push(measure(shape));
	}
	const steps = Object.fromEntries(Object.keys(samples[0].steps).map(step => [step, median(samples.map(sample => sample.steps[step] ?? 0))]));
	results.push({...shape, labUp: median(samples.map(sample => sample.labUp)), total: median(samples.map(sample => sample.total)), downtime: median(samples.map(sample => sample.downtime)), steps});
}
const find = (nodes, regions) => results.find(result => result.nodes === nodes && result.regions === regions);
const round = value => Math.round(value * 10) / 10;
const share = (result, step) => `${step} ${Math.round((100 * (result.steps[step] ?? 0)) / result.downtime)}%`;

/** One comparison row: `tool` is the larger lab, `baseline` the smaller, ratio tool/baseline. */
function row(measure, key, big, small, goal) {
	if (!big || !small) return [];
	const tool = round(big[key]);
	const baseline = round(small[key]);
	const note = key === 'downtime' ? `of the downtime (${big.name}): ${['stop-old', 'clean-heartbeat', 'backup', 'start-new', 'init', 'verify', 'enable-ha'].map(step => share(big, step)).join(', ')}` : null;
	return [{measure, tool, baseline, unit: 's', ratio: baseline > 0 ? Math.round((tool / baseline) * 100) / 100 : null, goal, note}];
}
const rows = [
	...row('downtime, 1 region: 9 nodes vs 3', 'downtime', find(9, 1), find(3, 1), 'about 1× (nodes in parallel)'),
	...row('downtime, 3 regions: 9 nodes vs 3', 'downtime', find(9, 3), find(3, 3), 'about 1× (nodes in parallel)'),
	...row('downtime, 3 nodes: 3 regions vs 1', 'downtime', find(3, 3), find(3, 1), 'grows with regions (init one region after another)'),
	...row('downtime, 9 nodes: 3 regions vs 1', 'downtime', find(9, 3), find(9, 1), 'grows with regions (init one region after another)'),
	...row('total run, 1 region: 9 nodes vs 3', 'total', find(9, 1), find(3, 1), null),
	...row('total run, 3 regions: 9 nodes vs 3', 'total', find(9, 3), find(3, 3), null),
	...row('lab up, 3 regions: 9 nodes vs 3', 'labUp', find(9, 3), find(3, 3), null),
];

const pad = (text, width) => String(text).padStart(width);
const stepNames = ['stage-image', 'stop-old', 'backup', 'start-new', 'init', 'verify'];
const lines = [
	`${'shape'.padEnd(22)}${pad('lab up', 9)}${pad('total', 9)}${pad('downtime', 10)}${stepNames.map(step => pad(step, 13)).join('')}`,
	...results.map(result => `${result.name.padEnd(22)}${pad(`${round(result.labUp)} s`, 9)}${pad(`${round(result.total)} s`, 9)}${pad(`${round(result.downtime)} s`, 10)}${stepNames.map(step => pad(`${round(result.steps[step] ?? 0)} s`, 13)).join('')}`),
	'',
	`${'comparison'.padEnd(38)}${pad('larger', 9)}${pad('smaller', 9)}${pad('ratio', 8)}  goal`,
	...rows.map(entry => `${entry.measure.padEnd(38)}${pad(`${entry.tool} s`, 9)}${pad(`${entry.baseline} s`, 9)}${pad(entry.ratio === null ? '–' : `${entry.ratio}×`, 8)}  ${entry.goal ?? ''}`),
	'',
	`${runs === 1 ? 'one run' : `median of ${runs} runs`} per shape on this machine (${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}); downtime = T1 (first stop) to HA on, from report.json`,
];
console.log(lines.join('\n'));
if (json) console.log(JSON.stringify({bench: 'scale', rows}));

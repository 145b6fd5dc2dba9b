#!/usr/bin/env node
// Benchmark: the downtime forecast against the downtime it forecast, once one earlier attempt exists on the
// cluster. For each lab shape (3 nodes / 1 region, 9 nodes / 3 regions, 3 nodes / 1 region with the MetaDB
// seeded to 200 MiB): lab up, a full upgrade and its rollback (the earlier attempt), then the upgrade again.
// The second upgrade's report.json holds the forecast made before its downtime (per step, with its basis) and
// what each step took; the actual downtime is T1 (first docker stop) → T2 (HA on) from the same report.
// The forecast's figure is the middle of its range; ratio = forecast / actual, goal 0.75–1.25× (±25 %).
// A shape that cannot run (lab up fails, the upgrade fails) is a row that says so, with no figures.
// Usage: node bench/forecast.bench.mjs [--json] [--shapes 3x1,9x3,3x1+200] after npm run build; root; run it
// under flock /tmp/oms-lab.lock when another lab may run on this machine (the lab's addresses are fixed).
import {between, startLab} from './lib/lab.mjs';
import {seedMetadb} from './lib/seed.mjs';
import {progress, report, row} from './lib/table.mjs';

const args = process.argv.slice(2);
const shapesArg = args.includes('--shapes') ? args[args.indexOf('--shapes') + 1] : (process.env.BENCH_FORECAST_SHAPES ?? '3x1,9x3,3x1+200');
const shapes = shapesArg.split(',').map(text => {
	const match = /^(\d+)x(\d+)(?:\+(\d+))?$/.exec(text.trim());
	if (!match) throw new Error(`--shapes ${shapesArg}: expected NODESxREGIONS[+MiB of MetaDB], e.g. 9x3 or 3x1+200`);
	const [nodes, regions, seedMB] = [Number(match[1]), Number(match[2]), match[3] ? Number(match[3]) : 0];
	return {nodes, regions, seedMB, name: `${nodes}×${regions}${seedMB ? `, ${seedMB} MiB MetaDB` : ''}`};
});
const say = text => progress('forecast', text);
const downtimeSteps = ['stop-old', 'clean-heartbeat', 'backup', 'start-new', 'init', 'verify', 'enable-ha'];
const tenth = value => Math.round(value * 10) / 10;

/** One shape: the second upgrade's forecast (per step and in total) against what it took. */
async function measure(shape) {
	say(`${shape.name}: lab up`);
	const lab = startLab('forecast', {nodes: shape.nodes, regions: shape.regions});
	try {
		if (shape.seedMB) {
			say(`${shape.name}: seeding the MetaDB with ${shape.seedMB} MiB of rows`);
			await seedMetadb(lab, shape.seedMB);
		}
		say(`${shape.name}: the earlier attempt: run --yes, then rollback --yes`);
		await lab.tool(['run']);
		const first = lab.report();
		if (first.outcome !== 'succeeded') throw new Error(`the first upgrade ended ${first.outcome}: ${first.detail}`);
		await lab.tool(['rollback']);
		const back = lab.report();
		if (back.outcome !== 'rolled-back') throw new Error(`the rollback ended ${back.outcome}: ${back.detail}`);
		say(`${shape.name}: the upgrade again, forecast from the earlier attempt`);
		await lab.tool(['run']);
		const second = lab.report();
		if (second.outcome !== 'succeeded') throw new Error(`the second upgrade ended ${second.outcome}: ${second.detail}`);
		if (!second.forecast) throw new Error('the second upgrade\'s report.json holds no forecast');
		const actual = between(second.t1, second.t2) / 1000;
		const steps = second.forecast.steps.map(step => ({...step, middle: (step.lowSec + step.highSec) / 2}));
		return {
			...shape,
			attempt: second.attempt,
			earlier: first.attempt,
			low: second.forecast.lowSec,
			high: second.forecast.highSec,
			forecast: (second.forecast.lowSec + second.forecast.highSec) / 2,
			actual,
			stepsActual: steps.reduce((sum, step) => sum + (step.actualSec ?? 0), 0),
			steps,
			dumpMiB: (second.backups ?? []).reduce((sum, dump) => sum + dump.bytes, 0) / 2 ** 20,
		};
	} finally {
		lab.down();
	}
}

const results = [];
for (const shape of shapes) {
	try {
		results.push(await measure(shape));
	} catch (error) {
		say(`${shape.name}: could not run: ${error.message}`);
		results.push({...shape, error: error.message.split('\n')[0].slice(0, 300)});
	}
}

// The figures as the table shows them (a tenth of a second), so its ratio and the % error agree with it.
const percent = result => (100 * (tenth(result.forecast) - tenth(result.actual))) / tenth(result.actual);
const rows = results.map(result => {
	if (result.error) return row({measure: `forecast vs actual downtime, ${result.name}`, tool: null, baseline: null, unit: 's', goal: '0.75–1.25×', note: `NOT RUN on this machine: ${result.error}`});
	const bases = [...new Set(result.steps.map(step => step.basis))].join(', ');
	const worst = [...result.steps].filter(step => step.actualSec !== null).sort((a, b) => Math.abs(b.middle - b.actualSec) - Math.abs(a.middle - a.actualSec))[0];
	const perStep = downtimeSteps.map(id => result.steps.find(step => step.step === id)).filter(Boolean).map(step => `${step.step} ${tenth(step.middle)}/${step.actualSec ?? '–'}`).join(', ');
	const note = `${result.name}: forecast ${result.low}–${result.high} s (middle ${tenth(result.forecast)} s) made before attempt ${result.attempt}'s downtime, from earlier attempt ${result.earlier}; actual T1 → T2 ${tenth(result.actual)} s (the steps themselves ${tenth(result.stepsActual)} s, the rest is between steps); error ${percent(result) >= 0 ? '+' : ''}${percent(result).toFixed(1)} %; actual ${result.actual >= result.low && result.actual <= result.high ? 'inside' : 'outside'} the range; bases: ${bases}; per step forecast/actual s: ${perStep}; the largest miss: ${worst ? `${worst.step} (${tenth(worst.middle)} s forecast, ${worst.actualSec} s actual)` : '–'}${result.seedMB ? `; dumps ${result.dumpMiB.toFixed(0)} MiB` : ''}`;
	return row({measure: `forecast vs actual downtime, ${result.name}`, tool: tenth(result.forecast), baseline: tenth(result.actual), unit: 's', goal: '0.75–1.25×', note});
});
const pad = (text, width) => String(text).padStart(width);
const preface = [
	`${'shape'.padEnd(24)}${pad('forecast', 16)}${pad('actual', 9)}${pad('ratio', 8)}${pad('error', 9)}  goal ±25 %`,
	...results.map(result =>
		result.error
			? `${result.name.padEnd(24)}  not run: ${result.error}`
			: `${result.name.padEnd(24)}${pad(`${tenth(result.forecast)} s (${result.low}–${result.high})`, 16)}${pad(`${tenth(result.actual)} s`, 9)}${pad(`${(tenth(result.forecast) / tenth(result.actual)).toFixed(2)}×`, 8)}${pad(`${percent(result) >= 0 ? '+' : ''}${percent(result).toFixed(1)} %`, 9)}  ${Math.abs(percent(result)) <= 25 ? 'met' : 'NOT met'}`,
	),
	'',
];
report('forecast', rows, preface);

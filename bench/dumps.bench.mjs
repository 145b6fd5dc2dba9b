#!/usr/bin/env node
// Benchmark: the tool's backup step against raw mysqldump of the same databases, on a lab MetaDB seeded
// with 200 MiB of rows (BENCH_SEED_MB). The tool runs a whole upgrade (`run --json`, answered y); its backup step's
// time and bytes come from report.json (the step's span: mysqldump of every database at once, each streamed
// through the tool into its file and hashed on the way, then checked and its tables counted). Raw mysqldump runs the guide's command (`mysqldump --triggers=false DB > DB.sql`),
// the same databases all at once as the tool does, once while the tool waits to stop OMS and once while it
// waits to start the new containers (the mean is the baseline), then one after another as the guide lists them.
// Usage: node bench/dumps.bench.mjs [--json] after npm run build; needs root (it starts a lab and stops it).
import {spawn} from 'node:child_process';
import {closeSync, mkdirSync, openSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {between, must, startLab} from './lib/lab.mjs';
import {seedMetadb} from './lib/seed.mjs';
import {progress, report, row} from './lib/table.mjs';

const seedMB = Number(process.env.BENCH_SEED_MB ?? 200);
const say = text => progress('dumps', text);

/** The guide's mysqldump of one database into a file; resolves its bytes. */
function dumpOne(lab, database, directory) {
	const file = join(directory, `${database}.sql`);
	const out = openSync(file, 'w');
	return new Promise((resolve, reject) => {
		const child = spawn('mysqldump', [`--defaults-extra-file=${lab.defaults}`, '--triggers=false', database], {stdio: ['ignore', out, 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('close', code => {
			closeSync(out);
			const bytes = statSync(file).size;
			if (code !== 0 || bytes === 0) reject(new Error(`mysqldump ${database} exited ${code} with ${bytes} bytes: ${stderr.trim()}`));
			else resolve(bytes);
		});
	});
}

/** Raw mysqldump of every database, all at once or one after another: {bytes, seconds}. */
async function rawDumps(lab, together) {
	const directory = join(lab.base, 'raw');
	mkdirSync(directory, {recursive: true});
	const began = performance.now();
	let sizes = [];
	if (together) sizes = await Promise.all(lab.databases.map(database => dumpOne(lab, database, directory)));
	else for (const database of lab.databases) sizes.push(await dumpOne(lab, database, directory));
	const seconds = (performance.now() - began) / 1000;
	rmSync(directory, {recursive: true, force: true});
	return {bytes: sizes.reduce((sum, size) => sum + size, 0), seconds};
}

const lab = startLab('dumps');
try {
	say(`seeding ${lab.databases.join(', ')} with ${seedMB} MiB of rows`);
	const seededMB = await seedMetadb(lab, seedMB);
	const {stdout: version} = await must('mysqldump', ['--version']);
	// Raw dumps just before the tool's run stops the old containers and just after its backup step (OMS
	// stopped, the state the tool dumps in), each time while the tool waits for its yes.
	let before;
	let after;
	let serial;
	say('the tool: run --json, answering y (a whole upgrade; its backup step is measured)');
	const events = await lab.asking(['run'], async finished => {
		if (finished !== 'backup' && !before) {
			say('raw mysqldump, the databases at once, before the tool stops OMS');
			before = await rawDumps(lab, true);
		} else if (finished === 'backup' && !after) {
			say('raw mysqldump, the databases at once, after the tool\'s backup step');
			after = await rawDumps(lab, true);
			say('raw mysqldump, one database after another as the guide lists them');
			serial = await rawDumps(lab, false);
		}
	});
	if (!before || !after) throw new Error('the tool did not ask before stop-old and before start-new: no raw dumps to compare with');
	const result = lab.report();
	const step = result.steps.find(entry => entry.id === 'backup' && entry.node === null);
	const tool = {bytes: result.backups.reduce((sum, dump) => sum + dump.bytes, 0), seconds: between(step.startedAt, step.finishedAt) / 1000};
	// The step's own log lines: when its first mysqldump started and when its last dump was hashed.
	const lines = events.filter(event => event.type === 'log' && event.step === 'backup');
	const firstDump = lines.find(event => event.text.startsWith('mysqldump '));
	const lastHashed = lines.filter(event => /sha256 .*complete$/.test(event.text)).at(-1);
	const dumping = firstDump && lastHashed ? between(firstDump.at, lastHashed.at) / 1000 : null;
	// Each database's census (its tables' exact row counts, the proof a restore is held to): from its
	// "complete" line to its "<database>: <charset>/…, N tables, M rows" line, added up.
	const census = lab.databases.reduce((sum, database) => {
		const dumped = lines.find(event => event.text.startsWith(`${database}: `) && / complete$/.test(event.text));
		const counted = lines.find(event => event.text.startsWith(`${database}: `) && / rows$/.test(event.text));
		return dumped && counted ? sum + between(dumped.at, counted.at) / 1000 : sum;
	}, 0);
	const mbps = ({bytes, seconds}) => bytes / 2 ** 20 / seconds;
	const raw = mbps({bytes: (before.bytes + after.bytes) / 2, seconds: (before.seconds + after.seconds) / 2});
	const note = `${lab.databases.length} databases seeded with ${seededMB.toFixed(0)} MiB of rows; dumps of ${(tool.bytes / 2 ** 20).toFixed(0)} MiB (tool) and ${(before.bytes / 2 ** 20).toFixed(0)} MiB (raw); raw: ${version.trim().replace(/\s+/g, ' ')} with the guide's flags, run while the tool waited before stop-old and before start-new (${mbps(before).toFixed(1)} and ${mbps(after).toFixed(1)} MiB/s; the baseline is their mean time); the tool hashes each dump as it streams in (no second read); its span also holds the step's own checks and the census of every table (exact row counts), which the raw dumps do not take`;
	report('dumps', [
		row({measure: 'dumps: backup step vs raw mysqldump, all at once', tool: mbps(tool), baseline: raw, unit: 'MiB/s', goal: '≥ 0.95×', note}),
		row({measure: 'dumps: backup step vs the guide, one after another', tool: mbps(tool), baseline: mbps(serial), unit: 'MiB/s'}),
		row({measure: 'dumps: backup step wall time vs raw, all at once', tool: tool.seconds, baseline: (before.seconds + after.seconds) / 2, unit: 's'}),
		row({measure: 'dumps: inside the step, first mysqldump → last dump hashed', tool: dumping, baseline: (before.seconds + after.seconds) / 2, unit: 's', note: 'from the step\'s log events: the first "mysqldump …" line to the last "<database>: …, sha256 …, complete" line; the rest of the step\'s span is the census of its last database and its own work before and after (state checks, the defaults file, the manifest)'}),
		row({measure: 'dumps: the census (COUNT(*) of every table), added up', tool: census, baseline: tool.seconds, unit: 's', note: 'each database\'s census, from its "complete" line to its "N tables, M rows" line, runs as soon as its dump is hashed, beside the larger dumps still running; the baseline is the whole step\'s span'}),
	]);
} finally {
	lab.down();
}

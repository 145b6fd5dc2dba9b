#!/usr/bin/env node
// Benchmark: a ≥ 1 GiB image package staged into the 3 nodes of an ssh lab, by the tool (`run --only
// stage-image`: its stage-image step, every node at once, each over the node's one SSH connection) and
// by the Docker CLI over the same transport (`DOCKER_HOST=ssh://oms-node-N docker load -i`, one per
// node at once), side by side: throughput, the tool's progress events per second per node, peak RSS,
// SSH connections per node. The package is the lab's target image plus a layer of random bytes.
// Usage (root; needs a free 127.0.0.2-4:22, e.g. in a network namespace of its own):
//   npm run build && node bench/staging.bench.mjs [--json] [--lab DIR]
//   BENCH_STAGING_MIB (default 1024) random MiB in the package; BENCH_STAGING_TRIALS (default 2) trials of each.
// Without --lab it starts a 3-node lab and stops it at the end. With --json the last stdout line is
// {"bench":"staging","rows":[…]}; progress goes to stderr.
import {execFileSync} from 'node:child_process';
import {chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {loadavg} from 'node:os';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildBigPackage} from './staging/big-package.mjs';
import {clearNodes, loadWithCli, loadWithTool} from './staging/loaders.mjs';
import {summarize} from './staging/summary.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const json = process.argv.includes('--json');
const labArgument = process.argv.includes('--lab') ? resolve(process.argv[process.argv.indexOf('--lab') + 1]) : undefined;
const sizeMiB = Number(process.env.BENCH_STAGING_MIB ?? 1024);
const trials = Number(process.env.BENCH_STAGING_TRIALS ?? 2);
const say = text => process.stderr.write(`staging bench: ${text}\n`);
const cli = args => execFileSync(process.execPath, [join(root, 'bin/oms-upgrade.js'), ...args], {stdio: ['ignore', 'ignore', 'inherit']});

// Short paths: the lab's unix sockets must stay under ~100 characters.
process.env.BENCH_TMP = mkdtempSync('/tmp/stbench-');
const labDirectory = labArgument ?? join(process.env.BENCH_TMP, 'lab');
let lab;
try {
	if (!labArgument) {
		say(`starting a 3-node ssh lab in ${labDirectory}`);
		cli(['lab', 'up', '--dir', labDirectory, '--nodes', '3', '--transport', 'ssh']);
	}
	lab = {...JSON.parse(readFileSync(join(labDirectory, 'lab.json'), 'utf8'))};
	if (lab.transport !== 'ssh' || lab.engines.length !== 3) throw new Error(`${labDirectory} is not a 3-node ssh lab`);
	const image = readFileSync(lab.planFile, 'utf8').match(/^ {2}image: (\S+)$/m)[1];
	const file = join(process.env.BENCH_TMP, 'package.tar');
	say(`building a package with a ${sizeMiB} MiB random layer`);
	await buildBigPackage({socket: lab.engines[0].socket, labPackage: lab.packageFile, image, sizeMiB, output: file});
	chmodSync(file, 0o644);
	const bytes = statSync(file).size;
	const tool = [];
	const baseline = [];
	for (let trial = 1; trial <= trials; trial += 1) {
		// Alternate which goes first, so neither always meets a warmer page cache or a busier disk.
		for (const which of trial % 2 ? ['cli', 'tool'] : ['tool', 'cli']) {
			await clearNodes(lab, image);
			say(`trial ${trial}: ${which === 'tool' ? 'oms-upgrade run --only stage-image' : 'docker load -i over ssh'} into 3 nodes`);
			if (which === 'tool') tool.push(await loadWithTool({root, lab, file, trial}));
			else baseline.push(await loadWithCli({lab, file}));
		}
	}
	await clearNodes(lab, image);
	say('the tool once more with the lab\'s small package (peak RSS for comparison)');
	const small = await loadWithTool({root, lab, file: lab.packageFile, trial: 'small'});
	await clearNodes(lab, image);
	const {rows, table} = summarize({bytes, small, smallBytes: statSync(lab.packageFile).size, tool, baseline, load: loadavg()[0]});
	if (json) {
		process.stdout.write(`${JSON.stringify({bench: 'staging', rows})}\n`);
	} else {
		process.stdout.write(table);
	}
} finally {
	if (!labArgument && lab) {
		say('stopping the lab');
		cli(['lab', 'down', '--dir', labDirectory]);
	}
	if (existsSync(labDirectory)) for (const entry of readdirSync(labDirectory, {withFileTypes: true}).filter(entry => entry.name.startsWith('staging-bench-'))) rmSync(join(labDirectory, entry.name));
	rmSync(process.env.BENCH_TMP, {recursive: true, force: true});
}

// The two ways the staging bench loads a package into every lab node at once: the tool (`run --only
// stage-image --json`, its own stage-image step over its one SSH connection per node) and the Docker
// CLI (`DOCKER_HOST=ssh://oms-node-N docker load -i`, which drives the system ssh with
// `docker system dial-stdio` on the node). Both read the same file from this machine's page cache.
import {execFile, execFileSync, spawn} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {promisify} from 'node:util';

const run = promisify(execFile);

/**
 * CPU seconds of a process tree (root included), sampled from /proc every 100 ms: GNU time misses the
 * docker CLI's ssh, which the CLI never waits for. What a process burns in its last 100 ms is missed.
 */
function cpuSampler(rootPid) {
	const seen = new Map();
	const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}));
	const walk = pid => {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			seen.set(pid, Number(fields[11]) + Number(fields[12]));
			for (const task of readdirSync(`/proc/${pid}/task`)) {
				for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean)) walk(child);
			}
		} catch {
			// Gone between two reads: its last sample stands.
		}
	};
	const timer = setInterval(() => walk(String(rootPid)), 100);
	return () => {
		clearInterval(timer);
		return [...seen.values()].reduce((sum, ticks) => sum + ticks, 0) / ticksPerSecond;
	};
}

/** `command` under GNU time: resolves once it exited 0, with its peak RSS in KiB and the CPU seconds of its process tree (ssh included); stdout lines go to `onLine` as they come. */
function timed(command, args, {env, onLine} = {}) {
	const rssFile = join(process.env.BENCH_TMP, `rss-${process.hrtime.bigint()}`);
	return new Promise((resolve, reject) => {
		const child = spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...args], {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
		const cpu = cpuSampler(child.pid);
		let stderr = '';
		child.stderr.on('data', chunk => (stderr = (stderr + chunk).slice(-4000)));
		createInterface({input: child.stdout}).on('line', line => onLine?.(line, performance.now()));
		child.on('error', reject);
		child.on('close', code => {
			const cpuSec = cpu();
			const rssKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
			if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
			else resolve({rssKiB, cpuSec});
		});
	});
}

/** Removes the target image from every node, so both loaders start from the same state. */
export async function clearNodes(lab, image) {
	await Promise.all(lab.engines.map(engine => run('docker', ['-H', `unix://${engine.socket}`, 'rmi', '-f', image]).catch(() => undefined)));
	await Promise.all(lab.engines.map(engine => run('docker', ['-H', `unix://${engine.socket}`, 'image', 'prune', '-f'])));
}

/** Connections each node's sshd accepted so far. */
export const acceptedConnections = lab => lab.sshds.map(sshd => (readFileSync(sshd.log, 'utf8').match(/Accepted publickey/g) ?? []).length);

/** The tool: a fresh workdir per trial (a new attempt), preflight then stage-image, JSON lines read as they come. */
export async function loadWithTool({root, lab, file, trial}) {
	const plan = readFileSync(lab.planFile, 'utf8')
		.replace(/^( {2}package:).*$/m, `$1 ${file}`)
		.replace(/^workdir:.*\n/m, '')
		.concat(`workdir: ${join(process.env.BENCH_TMP, `workdir-${trial}`)}\n`);
	// Beside the lab's plan: its ssh files are relative to it.
	const trialPlan = join(lab.directory, `staging-bench-${trial}.yaml`);
	writeFileSync(trialPlan, plan);
	const before = acceptedConnections(lab);
	const progress = new Map();
	let started;
	let startedAt;
	let finished;
	const {rssKiB, cpuSec} = await timed(process.execPath, [join(root, 'bin/oms-upgrade.js'), 'run', '-c', trialPlan, '--only', 'stage-image', '--yes', '--json'], {
		onLine: (line, at) => {
			const event = JSON.parse(line);
			if (event.step !== 'stage-image') return;
			if (event.type === 'step-started' && event.node === null) [started, startedAt] = [at, Date.parse(event.at)];
			if (event.type === 'step-finished' && event.node === null) finished = at;
			if (event.type === 'progress') progress.set(event.node, [...(progress.get(event.node) ?? []), {at: Date.parse(event.at), done: event.done, total: event.total}]);
		},
	});
	const after = acceptedConnections(lab);
	return {seconds: (finished - started) / 1000, firstByteSec: (Math.min(...[...progress.values()].map(events => events[0].at)) - startedAt) / 1000, rssKiB, cpuSec, progress, connections: after.map((count, index) => count - before[index])};
}

/** The Docker CLI over ssh, one `docker load -i` per node at once; `ssh` on its PATH adds the lab's `-F config`. */
export async function loadWithCli({lab, file}) {
	const wrapper = join(process.env.BENCH_TMP, 'bin');
	mkdirSync(wrapper, {recursive: true});
	writeFileSync(join(wrapper, 'ssh'), `#!/bin/sh\nexec ssh-real -F '${join(lab.directory, 'ssh/config')}' "$@"\n`.replace('ssh-real', (await run('sh', ['-c', 'command -v ssh'])).stdout.trim()), {mode: 0o755});
	const env = {PATH: `${wrapper}:${process.env.PATH}`, DOCKER_CONFIG: join(process.env.BENCH_TMP, 'docker-config')};
	const before = acceptedConnections(lab);
	const began = performance.now();
	const results = await Promise.all(lab.sshds.map((_sshd, index) => timed('docker', ['load', '-i', file], {env: {...env, DOCKER_HOST: `ssh://oms-node-${index + 1}`}})));
	const seconds = (performance.now() - began) / 1000;
	const after = acceptedConnections(lab);
	return {seconds, rssKiB: Math.max(...results.map(result => result.rssKiB)), cpuSec: results.reduce((sum, result) => sum + result.cpuSec, 0), connections: after.map((count, index) => count - before[index])};
}

// A rehearsal lab for one bench: started in a fresh directory under /tmp, stopped and removed by down().
// The benches drive the product only through its command line (run/rollback --json, report.json) and reach
// the lab as an operator would: ssh with the lab's config to each node, the mysql clients to the MetaDB.
import {execFileSync, spawn} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/oms-upgrade.js');

/** Runs a command to its end; resolves {code, stdout}; stderr passes through when `show` is set. */
export function run(command, args, {show = false, env} = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {stdio: ['ignore', 'pipe', show ? 'inherit' : 'pipe'], env: env ?? process.env});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr?.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

/** Like run(), but a non-zero exit is an error naming the command and what it printed. */
export async function must(command, args, options) {
	const result = await run(command, args, options);
	if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(-1500)}`);
	return result;
}

/** Starts a lab of `nodes` nodes in `regions` regions; everything a bench needs to drive it and the product on it. */
export function startLab(bench, {nodes = 2, regions = 1} = {}) {
	const base = mkdtempSync(`/tmp/oms-${bench}.`);
	const dir = join(base, 'lab');
	const cli = (...args) => execFileSync(process.execPath, [bin, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']});
	try {
		cli('lab', 'up', '--dir', dir, '--nodes', String(nodes), '--regions', String(regions));
	} catch (error) {
		// A lab that came up in part: stop what it started.
		try {
			cli('lab', 'down', '--dir', dir);
		} catch {}
		rmSync(base, {recursive: true, force: true});
		throw error;
	}
	const facts = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'));
	// The MetaDB user's password for the mysql clients, as the product passes it: a 0600 defaults file.
	const defaults = join(base, 'metadb.cnf');
	writeFileSync(defaults, `[client]\nhost=127.0.0.1\nport=${facts.metadb.port}\nuser="${facts.metadb.user}"\npassword="${facts.metadb.password}"\n`, {mode: 0o600});
	chmodSync(defaults, 0o600);
	const topology = facts.topology;
	// Ctrl-C on `npm run bench` (or the harness's SIGTERM) must not leave a lab running.
	let stopped = false;
	const onSignal = signal => {
		down();
		process.exit(signal === 'SIGINT' ? 130 : 143);
	};
	const down = () => {
		if (stopped) return;
		stopped = true;
		process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
		cli('lab', 'down', '--dir', dir);
		rmSync(base, {recursive: true, force: true});
	};
	process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
	return {
		base,
		dir,
		plan: join(dir, 'oms-upgrade.yaml'),
		workdir: join(dir, 'oms-upgrade-lab'),
		packageFile: facts.packageFile,
		topology,
		databases: [topology.rmDb, topology.cmDb, ...topology.regions.map(region => region.heartbeatDb)],
		defaults,
		/** SQL as the lab's MetaDB root (seeding only), over its socket. */
		root: (sql, database) => must('mysql', ['-uroot', '-S', facts.metadb.socket, '--batch', '--skip-column-names', ...(database ? [database] : []), '-e', sql]),
		/** SQL as the OMS MetaDB user, over TCP, as an operator runs it. */
		sql: (sql, database) => must('mysql', [`--defaults-extra-file=${defaults}`, '--batch', '--skip-column-names', ...(database ? [database] : []), '-e', sql]),
		/** A command on node i (0-based) over the lab's ssh, as an operator logged in there runs it. */
		ssh: (index, command, options) => must('ssh', ['-F', join(dir, 'ssh/config'), `oms-node-${index + 1}`, command], options),
		/** The product's command line: `node bin/oms-upgrade.js <args> -c <plan> --yes --json`. */
		tool: args => must(process.execPath, [bin, ...args, '-c', join(dir, 'oms-upgrade.yaml'), '--yes', '--json']),
		/**
		 * The product's command line answering its questions itself: before each `Proceed? [y/N]`, awaits
		 * beforeYes(the last step that finished), then answers y. Resolves the JSON events it printed.
		 */
		asking: (args, beforeYes) =>
			new Promise((resolve, reject) => {
				const child = spawn(process.execPath, [bin, ...args, '-c', join(dir, 'oms-upgrade.yaml'), '--json'], {stdio: ['pipe', 'pipe', 'pipe']});
				let stdout = '';
				let stderr = '';
				let asked = 0;
				const finished = () => [...stdout.matchAll(/"type":"step-finished","at":"[^"]*","step":"([^"]+)","node":null/g)].at(-1)?.[1] ?? null;
				child.stdout.on('data', chunk => (stdout += chunk));
				child.stderr.on('data', async chunk => {
					stderr += chunk;
					const questions = stderr.split('Proceed? [y/N]').length - 1;
					while (asked < questions) {
						asked += 1;
						await beforeYes(finished());
						child.stdin.write('y\n');
					}
				});
				child.on('error', reject);
				child.on('close', code => (code === 0 ? resolve(stdout.trim().split('\n').map(line => JSON.parse(line))) : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.trim().slice(-1500)}`))));
			}),
		report: () => JSON.parse(readFileSync(join(dir, 'oms-upgrade-lab', 'report.json'), 'utf8')),
		/** Stops the lab and removes its directory (once; also on SIGINT and SIGTERM). */
		down,
	};
}

/** Milliseconds between two ISO-8601 times. */
export const between = (from, to) => Date.parse(to) - Date.parse(from);

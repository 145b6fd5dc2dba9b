import {readFile} from 'node:fs/promises';
import {basename, delimiter, dirname, join, relative, resolve} from 'node:path';
import type {CliArgs} from '../cli-args.js';
import {parseVersion, formatVersion} from '../domain/versions.js';
import {ConfigError} from '../domain/errors.js';
import {labDown, labUp} from '../lab/lab.js';
import {labStatus} from '../lab/lab-status.js';
import {isAlive} from '../lab/processes.js';
import type {Output} from './output.js';
import {padCells} from '../ui/cells.js';

const targetVersion = '4.2.9-CE';

export async function labCommand(args: CliArgs, out: Output): Promise<number> {
	const dir = args.lab.dir;
	if (args.subcommand === 'down') {
		const removed = await labDown(dir, {keepReports: args.lab.keepReports, onProgress: line => out.line(line)});
		if (!removed) out.line(`no lab in ${dir} (nothing to do)`);
		else
			out.line(
				`lab in ${dir} stopped and removed${removed.keptIn ? `; its rehearsal reports are kept in ${removed.keptIn}` : ''}`,
			);
		return 0;
	}
	if (args.subcommand === 'status') return printStatus(dir, args.json, out);
	const flag = args.lab.sourceVersionFlag ?? '--source-version';
	if (flag === '--from')
		out.error(
			'oms-upgrade: `lab up --from VERSION` is deprecated (--from names a step of run); use --source-version VERSION.',
		);
	const fromText = args.lab.sourceVersion ?? '4.2.8';
	const from = parseVersion(/-CE$/.test(fromText) ? fromText : `${fromText}-CE`);
	if (!from)
		throw new ConfigError(
			`${flag} ${JSON.stringify(fromText)} is not allowed; expected a version such as 4.2.8 or 4.2.8-CE.`,
		);
	const state = await labUp({
		directory: dir,
		nodes: args.lab.nodes,
		regions: args.lab.regions,
		from: formatVersion(from),
		to: targetVersion,
		versionRow: args.lab.versionRow,
		transport: args.lab.transport,
		metadb: {...args.lab.metadb, password: await readPasswordFile(args.lab.metadb.passwordFile)},
		onProgress: line => out.line(`lab: ${line}`),
	});
	const shown = (path: string) => {
		const nearby = relative(process.cwd(), path);
		return nearby && !nearby.startsWith('..') ? nearby : path;
	};
	const plan = shown(state.planFile);
	const {topology} = state;
	const size = `${topology.nodes.length} nodes in ${topology.regions.length} region(s)`;
	out.line(`lab up in ${state.directory}: OMS ${topology.from} on ${size}, package for ${topology.to}`);
	const {metadb} = state;
	const proxy = metadb.proxyPid
		? ` behind the OBProxy stand-in pid ${metadb.proxyPid} on 127.0.0.1:${metadb.port} (refuses GET_LOCK; user ${metadb.user} logs in as ${metadb.account})`
		: '';
	const credentials = `user ${metadb.user}, grants ${metadb.grants}; password in ${shown(join(state.directory, 'lab.json'))}`;
	out.line(`  MetaDB   mariadbd pid ${metadb.pid} on 127.0.0.1:${metadb.serverPort}${proxy} (${credentials})`);
	for (const node of state.topology.nodes) {
		const engine = state.engines[node.index];
		const sshd = state.sshds[node.index];
		const reach = sshd ? `  sshd pid ${sshd.pid} on ${sshd.address}:${sshd.port}` : '';
		out.line(
			`  ${node.host.padEnd(10)} region ${padCells(node.region, 9)} dockerd pid ${engine?.pid ?? 'none'}${reach}  container ${node.container} running`,
		);
	}
	if (state.transport === 'ssh') {
		const config = shown(join(state.directory, 'ssh', 'config'));
		out.line(
			`  ssh      ${shown(join(state.directory, 'ssh'))}: keys, known_hosts, config (try: ssh -F ${config} oms-node-1 docker version)`,
		);
	}
	out.line(
		`  plan     ${plan}${state.topology.versionRow ? '' : '  (rm.oms_version has no row: init will ask for the version fix)'}`,
	);
	out.line('');
	const self = selfCommand(shown);
	out.line(`next: ${self} console -c ${plan}    (or: plan, check, run -c ${plan})`);
	out.line(`stop: ${self} lab down${dir === 'lab' ? '' : ` --dir ${dir}`}`);
	return 0;
}

async function readPasswordFile(file: string | undefined): Promise<string | undefined> {
	if (file === undefined) return undefined;
	const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
		throw new ConfigError(`--metadb-password-file ${file}: cannot read it (${error.code ?? error.message}).`, {
			hint: 'Give a readable file holding the password.',
		});
	});
	const password = text.replace(/\r?\n$/, '');
	if (password === '') {
		throw new ConfigError(`--metadb-password-file ${file} is empty.`, {
			hint: 'Put the password in it (a trailing newline is not part of it).',
		});
	}
	return password;
}

async function printStatus(dir: string, json: boolean, out: Output): Promise<number> {
	const status = await labStatus(dir);
	if (!status) {
		if (json) out.line(JSON.stringify({running: false, directory: dir}));
		else out.line(`no lab in ${dir}; start one with \`oms-upgrade lab up${dir === 'lab' ? '' : ` --dir ${dir}`}\``);
		return 0;
	}
	if (json) {
		const {directory, planFile} = status.state;
		out.line(
			JSON.stringify(
				{running: true, directory, metadbRunning: status.metadbRunning, planFile, nodes: status.nodes},
				null,
				2,
			),
		);
		return 0;
	}
	out.line(`lab in ${status.state.directory} (since ${status.state.createdAt}), plan ${status.state.planFile}`);
	out.line(`  MetaDB   127.0.0.1:${status.state.metadb.port}  ${status.metadbRunning ? 'running' : 'NOT RUNNING'}`);
	for (const node of status.nodes) {
		const containers =
			node.containers.map(container => `${container.name} ${container.state} (${container.image})`).join(', ') ||
			'no containers';
		const sshd = status.state.sshds?.[status.nodes.indexOf(node)];
		const reach = sshd ? `  sshd ${isAlive(sshd.pid) ? 'running' : 'NOT RUNNING'} on ${sshd.address}:${sshd.port}` : '';
		out.line(
			`  ${node.host.padEnd(10)} dockerd ${node.engineRunning ? 'running' : 'NOT RUNNING'}${reach}  ${containers}`,
		);
	}
	return 0;
}

/**
 * How to run this tool again from here, as it was started: `node bin/oms-upgrade.js` in a checkout (not
 * on PATH), the bare name when installed on PATH, else the file's path (the single executable).
 */
export function selfCommand(
	shown: (path: string) => string,
	script = process.argv[1] ?? 'oms-upgrade',
	path = process.env.PATH ?? '',
): string {
	if (script.endsWith('.js')) return `node ${shown(script)}`;
	const onPath = path
		.split(delimiter)
		.some(directory => directory !== '' && resolve(directory) === resolve(dirname(script)));
	return onPath ? basename(script) : shown(script);
}

import {chmod, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';

/** Where a lab keeps its SSH material: host keys, the throwaway client key, known_hosts, an ssh config. */
export function labSshPaths(directory: string) {
	const base = join(directory, 'ssh');
	return {
		base,
		clientKey: join(base, 'id_ed25519'),
		authorizedKeys: join(base, 'authorized_keys'),
		knownHosts: join(base, 'known_hosts'),
		config: join(base, 'config'),
		hostKey: (index: number) => join(base, `node${index + 1}_host_ed25519_key`),
		sshdConfig: (index: number) => join(base, `node${index + 1}_sshd_config`),
		/** sshd's own log (LogLevel VERBOSE): one "Accepted publickey" line per connection. */
		sshdLog: (index: number) => join(base, `node${index + 1}_sshd.log`),
	};
}

/** The ssh config Host alias of lab node `index`, as an operator names a node in `~/.ssh/config`. */
export const labSshAlias = (index: number) => `oms-node-${index + 1}`;

async function newKey(file: string, comment: string): Promise<string> {
	await rm(file, {force: true});
	await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
	return (await readFile(`${file}.pub`, 'utf8')).trim();
}

/** A host key per node and one client key the nodes accept; nothing of the operator's ~/.ssh is used. */
export async function makeLabKeys(directory: string, nodeCount: number): Promise<{hostKeys: string[]}> {
	const paths = labSshPaths(directory);
	await mkdir(paths.base, {recursive: true, mode: 0o700});
	const client = await newKey(paths.clientKey, 'oms-upgrade rehearsal lab client');
	await writeFile(paths.authorizedKeys, `${client}\n`, {mode: 0o600});
	const hostKeys = await Promise.all(
		Array.from({length: nodeCount}, (_, index) =>
			newKey(paths.hostKey(index), `oms-upgrade lab ${labSshAlias(index)}`),
		),
	);
	return {hostKeys};
}

type LabSshNode = {readonly index: number; readonly address: string; readonly port: number; readonly hostKey: string};

/**
 * known_hosts with the nodes' keys (hashed, as `HashKnownHosts yes` writes them) and an ssh config
 * with a Host alias per node, so `ssh -F <lab>/ssh/config oms-node-1` reaches node 1 by hand too.
 */
export async function writeLabClientFiles(directory: string, nodes: readonly LabSshNode[]): Promise<void> {
	const paths = labSshPaths(directory);
	const entry = (node: LabSshNode) =>
		`${node.port === 22 ? node.address : `[${node.address}]:${node.port}`} ${node.hostKey.split(' ').slice(0, 2).join(' ')}`;
	await writeFile(paths.knownHosts, nodes.map(entry).join('\n') + '\n', {mode: 0o600});
	await execa('ssh-keygen', ['-q', '-H', '-f', paths.knownHosts]);
	await rm(`${paths.knownHosts}.old`, {force: true});
	await chmod(paths.knownHosts, 0o600);
	const hosts = nodes.map(node =>
		[
			`Host ${labSshAlias(node.index)}`,
			`  HostName ${node.address}`,
			`  Port ${node.port}`,
			'  User root',
			`  IdentityFile ${paths.clientKey}`,
			'  IdentitiesOnly yes',
			`  UserKnownHostsFile ${paths.knownHosts}`,
			'  GlobalKnownHostsFile /dev/null',
		].join('\n'),
	);
	await writeFile(
		paths.config,
		`# The rehearsal lab's nodes (oms-upgrade lab up). Use with: ssh -F ${paths.config} ${labSshAlias(0)}\n\n${hosts.join('\n\n')}\n`,
		{mode: 0o600},
	);
}

import {readFile, writeFile} from 'node:fs/promises';
import {waitFor} from '../domain/wait.js';
import {labSshPaths} from './lab-ssh.js';
import {freePortOn, portIsFree} from './tcp-ports.js';
import {programPath} from './prerequisites.js';
import {descendantsOf, isAlive, startDaemon, stopFamily, stopProcess} from './processes.js';

/** A lab node's sshd: what `lab down` stops and the tests read. */
export type LabSshd = {
	readonly pid: number;
	readonly address: string;
	readonly port: number;
	readonly log: string;
};

/**
 * In its own mount namespace, /run is a fresh tmpfs in which /run/docker.sock (so /var/run/docker.sock)
 * leads to this node's engine socket: through this sshd, "the node's Docker socket" is that node's
 * dockerd. A symlink rather than a bind mount, so a restarted dockerd (a new socket) is reached too.
 */
const namespaceScript = [
	'mount -t tmpfs oms-lab-run /run',
	'mkdir -p /run/sshd',
	'ln -s "$1" /run/docker.sock',
	'{ [ -L /var/run ] || { mount -t tmpfs oms-lab-run /var/run && ln -s "$1" /var/run/docker.sock; }; }',
	'exec "$2" -D -E "$3" -f "$4"',
].join(' && ');

function sshdConfig(directory: string, index: number, address: string, port: number): string {
	const paths = labSshPaths(directory);
	return [
		`# sshd of lab node ${index + 1} (oms-upgrade lab up)`,
		`ListenAddress ${address}:${port}`,
		`HostKey ${paths.hostKey(index)}`,
		'PidFile none',
		`AuthorizedKeysFile ${paths.authorizedKeys}`,
		'PubkeyAuthentication yes',
		'PasswordAuthentication no',
		'KbdInteractiveAuthentication no',
		'PermitRootLogin prohibit-password',
		'UsePAM no',
		// The lab lives under /tmp, which StrictModes would refuse as a home for authorized_keys.
		'StrictModes no',
		// Both needed: OpenSSH applies AllowTcpForwarding's local restriction to socket forwards too.
		'AllowStreamLocalForwarding yes',
		'AllowTcpForwarding yes',
		'X11Forwarding no',
		'LogLevel VERBOSE',
		'',
	].join('\n');
}

/**
 * Starts node `index`'s sshd on `address`, port 22 when free there (another lab may hold it), else a
 * free port; a port taken between the check and sshd's bind is retried with another.
 */
export async function startSshd(
	directory: string,
	index: number,
	address: string,
	engineSocket: string,
	programs: Record<string, string>,
	port?: number,
): Promise<LabSshd> {
	const paths = labSshPaths(directory);
	const log = paths.sshdLog(index);
	for (let attempt = 0; ; attempt++) {
		const chosen = port ?? (attempt === 0 && (await portIsFree(address, 22)) ? 22 : await freePortOn(address));
		await writeFile(paths.sshdConfig(index), sshdConfig(directory, index, address, chosen), {mode: 0o600});
		const before = await readFile(log, 'utf8').catch(() => '');
		const pid = await startDaemon(
			programPath(programs, 'unshare'),
			[
				'-m',
				'--propagation',
				'private',
				'sh',
				'-c',
				namespaceScript,
				'sh',
				engineSocket,
				programPath(programs, 'sshd'),
				log,
				paths.sshdConfig(index),
			],
			`${log}.out`,
		);
		const listening = `Server listening on ${address} port ${chosen}.`;
		const outcome = await waitFor(
			async () => {
				const said = (await readFile(log, 'utf8').catch(() => '')).slice(before.length);
				if (said.includes(listening)) return 'up';
				return isAlive(pid) ? undefined : said.includes('Address already in use') ? 'taken' : 'failed';
			},
			{
				timeoutMs: 15_000,
				intervalMs: 50,
				message: `sshd of lab node ${index + 1} did not listen on ${address}:${chosen} within 15s; see ${log}`,
			},
		);
		if (outcome === 'up') return {pid, address, port: chosen, log};
		if (outcome === 'failed' || port !== undefined || attempt >= 4) {
			const said =
				(await readFile(`${log}.out`, 'utf8').catch(() => '')) +
				(await readFile(log, 'utf8').catch(() => '')).slice(before.length);
			throw new Error(
				`sshd of lab node ${index + 1} did not start on ${address}:${chosen}: ${said.trim().split('\n').slice(-3).join(' ')}`,
			);
		}
	}
}

/** Stops the sshd and the sessions it forked (they outlive their listener): every connection drops. */
export async function stopSshd(sshd: LabSshd): Promise<void> {
	await stopFamily(sshd.pid, 5000);
}

/** Drops every connection to the node but keeps it listening: what a network blip does. */
export async function dropSshSessions(sshd: LabSshd): Promise<number> {
	const sessions = await descendantsOf(sshd.pid);
	await Promise.all(sessions.map(pid => stopProcess(pid, 5000)));
	return sessions.length;
}

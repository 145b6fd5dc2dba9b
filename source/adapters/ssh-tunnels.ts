import {accessSync, constants, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import type {SshFiles} from '../config/plan-types.js';
import {SshTunnel, type SshState} from './ssh-tunnel.js';
import type {SshTarget} from './ssh-options.js';

/**
 * The session's SSH connections, one per node: every discovery of a command or console session (the
 * console runs one per action) gets the node's existing connection. A lost one is opened again by the
 * next discovery. The command that owns the session closes them all at its end.
 */
const tunnels = new Map<string, Promise<SshTunnel>>();
/** The same tunnels, settled, for the process's exit where nothing can be awaited. */
const live = new Set<SshTunnel>();
let directory: string | undefined;
let opened = 0;
let exitHook = false;

type SshChange = {readonly node: string; readonly state: SshState; readonly text: string};
const watchers = new Set<(change: SshChange) => void>();

/** Every change of any node's connection (dropped, back, lost), for the command's log. */
export function watchSshConnections(watcher: (change: SshChange) => void): () => void {
	watchers.add(watcher);
	return () => watchers.delete(watcher);
}

export async function sshTunnel(
	node: string,
	target: SshTarget,
	files: SshFiles | undefined,
	connectTimeoutSec = 10,
): Promise<SshTunnel> {
	const key = JSON.stringify([
		target.user ?? null,
		target.host,
		target.port ?? null,
		files?.config ?? null,
		files?.knownHosts ?? null,
		files?.identity ?? null,
	]);
	const pending = tunnels.get(key);
	const existing = pending && (await pending.catch(() => undefined));
	if (existing) {
		await existing.ready();
		return existing;
	}
	const socketPath = join(privateDirectory(), `${++opened}.sock`);
	const opening = SshTunnel.open({node, target, files, socketPath, connectTimeoutSec, launcher: launcher()});
	tunnels.set(key, opening);
	opening.then(
		tunnel => {
			live.add(tunnel);
			tunnel.onState(state => {
				for (const watcher of watchers) watcher({node, state, text: tunnel.describeState()});
			});
		},
		() => tunnels.get(key) === opening && tunnels.delete(key),
	);
	return opening;
}

/** Ends every connection of the session; commands call it when they finish, whatever happened. */
export async function closeSshTunnels(): Promise<void> {
	const all = [...tunnels.values()];
	tunnels.clear();
	await Promise.all(
		all.map(opening =>
			opening.then(
				tunnel => tunnel.close(),
				() => undefined,
			),
		),
	);
	live.clear();
	removeDirectory();
}

/** A 0700 directory of the tool's own for the forwarded sockets; short, as socket paths must be. */
function privateDirectory(): string {
	if (directory) return directory;
	const base = tmpdir().length <= 60 ? tmpdir() : '/tmp';
	removeAbandoned(base);
	directory = mkdtempSync(join(base, `oms-upgrade-ssh-${process.pid}-`));
	if (!exitHook) {
		exitHook = true;
		process.on('exit', () => {
			for (const tunnel of live) tunnel.closeNow();
			removeDirectory();
		});
	}
	return directory;
}

/** Directories of earlier runs that ended without cleaning up (kill -9, a hangup): their process is gone. */
function removeAbandoned(base: string): void {
	for (const name of readdirSync(base)) {
		const pid = Number(/^oms-upgrade-ssh-(\d+)-/.exec(name)?.[1]);
		if (!pid || pid === process.pid || processExists(pid)) continue;
		try {
			if (statSync(join(base, name)).uid === process.getuid?.())
				rmSync(join(base, name), {recursive: true, force: true});
		} catch {
			// another run removed it first
		}
	}
}

function processExists(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function removeDirectory(): void {
	if (directory) rmSync(directory, {recursive: true, force: true});
	directory = undefined;
}

let found: readonly string[] | undefined;

/** On Linux, `setpriv --pdeathsig` ends the ssh even when this process is killed outright (kill -9). */
function launcher(): readonly string[] {
	if (found) return found;
	const setpriv = (process.env.PATH ?? '/usr/bin:/bin')
		.split(delimiter)
		.map(dir => join(dir, 'setpriv'))
		.find(path => {
			try {
				accessSync(path, constants.X_OK);
				return true;
			} catch {
				return false;
			}
		});
	found = process.platform === 'linux' && setpriv ? [setpriv, '--pdeathsig', 'TERM', '--'] : [];
	return found;
}

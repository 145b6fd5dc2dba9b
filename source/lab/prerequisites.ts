import {spawn} from 'node:child_process';
import {access, constants} from 'node:fs/promises';
import {delimiter, join} from 'node:path';
import {createInterface} from 'node:readline';
import {OmsError} from '../domain/errors.js';

/** The programs the lab starts or copies into its images, and the Debian package that brings each. */
const programs = [
	{name: 'dockerd', packageName: 'docker.io'},
	{name: 'containerd', packageName: 'docker.io'},
	{name: 'runc', packageName: 'docker.io'},
	{name: 'mariadbd', packageName: 'mariadb-server'},
	{name: 'mariadb-install-db', packageName: 'mariadb-server'},
	{name: 'mariadb', packageName: 'mariadb-client'},
	{name: 'mysqldump', packageName: 'mariadb-client'},
	{name: 'busybox', packageName: 'busybox-static'},
	{name: 'bash', packageName: 'bash'},
	{name: 'ldd', packageName: 'libc-bin'},
	{name: 'tar', packageName: 'tar'},
	{name: 'umount', packageName: 'mount'},
] as const;

/** With `--transport ssh` (the default): an sshd per node, and the ssh client the tool drives. */
const sshPrograms = [
	{name: 'sshd', packageName: 'openssh-server'},
	{name: 'ssh', packageName: 'openssh-client'},
	{name: 'ssh-keygen', packageName: 'openssh-client'},
	{name: 'ssh-keyscan', packageName: 'openssh-client'},
	{name: 'unshare', packageName: 'util-linux'},
	{name: 'mount', packageName: 'mount'},
] as const;

export async function findProgram(name: string): Promise<string | undefined> {
	const directories = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
	for (const directory of directories) {
		const candidate = join(directory, name);
		try {
			await access(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not in this directory
		}
	}
	return undefined;
}

/** What deciding and installing the lab's packages needs of the system; tests give a fake one. */
export type SystemRunner = {
	readonly isRoot: () => boolean;
	readonly findProgram: (name: string) => Promise<string | undefined>;
	/** Runs a command to its end, each line of its output (stdout and stderr) to `onLine`; fails on a non-zero exit. */
	readonly run: (command: string, args: readonly string[], onLine: (line: string) => void) => Promise<void>;
};

const systemRunner: SystemRunner = {
	isRoot: () => process.getuid?.() === 0,
	findProgram,
	run: (command, args, onLine) =>
		new Promise((resolve, reject) => {
			const child = spawn(command, args, {
				stdio: ['ignore', 'pipe', 'pipe'],
				env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
			});
			for (const stream of [child.stdout, child.stderr]) createInterface({input: stream}).on('line', onLine);
			child.once('error', reject);
			child.once('close', (code, signal) =>
				code === 0
					? resolve()
					: reject(new Error(`${command} ${args.join(' ')} ended with ${signal ?? `exit code ${code}`}`)),
			);
		}),
};

/** The programs found (name → path) and the Debian packages that bring the missing ones. */
async function survey(
	transport: 'ssh' | 'tcp',
	runner: SystemRunner,
): Promise<{found: Record<string, string>; missing: string[]}> {
	const found: Record<string, string> = {};
	const missing = new Set<string>();
	for (const program of transport === 'ssh' ? [...programs, ...sshPrograms] : programs) {
		const path = await runner.findProgram(program.name);
		if (path) found[program.name] = path;
		else missing.add(program.packageName);
	}
	return {found, missing: [...missing]};
}

/** Fails with one message naming every missing package, and root when the lab is not run as root. */
export async function checkLabPrerequisites(
	transport: 'ssh' | 'tcp' = 'ssh',
	runner: SystemRunner = systemRunner,
): Promise<Record<string, string>> {
	const {found, missing} = await survey(transport, runner);
	const problems: string[] = [];
	if (!runner.isRoot()) problems.push('the lab starts private dockerd engines and needs root');
	if (missing.length > 0) problems.push(`missing Debian packages: ${missing.join(', ')}`);
	if (problems.length > 0) {
		throw new OmsError(`cannot start the lab: ${problems.join('; ')}.`, {
			hint:
				missing.length > 0 ? `Install them with: apt-get install -y ${missing.join(' ')}` : 'Run it as root (sudo).',
			exitCode: 2,
		});
	}
	return found;
}

/**
 * The lab's programs, installing the Debian packages that bring the missing ones when it can (root and
 * apt-get), naming them first and passing apt-get's output on line by line; where it cannot, it fails as
 * checkLabPrerequisites does, naming them. `lab up` and the lab tests both start here.
 */
export async function ensureLabPrerequisites(
	transport: 'ssh' | 'tcp' = 'ssh',
	say: (line: string) => void = () => undefined,
	runner: SystemRunner = systemRunner,
): Promise<Record<string, string>> {
	const {missing} = await survey(transport, runner);
	if (missing.length === 0 || !runner.isRoot()) return checkLabPrerequisites(transport, runner);
	const aptGet = await runner.findProgram('apt-get');
	if (!aptGet) return checkLabPrerequisites(transport, runner);
	say(
		`installing the Debian packages the lab needs and this machine lacks: ${missing.join(' ')} (apt-get update, then apt-get install -y)`,
	);
	const aptLine = (line: string) => {
		if (line.trim() !== '') say(`apt-get: ${line}`);
	};
	try {
		await runner.run(aptGet, ['update', '-q'], aptLine);
		await runner.run(aptGet, ['install', '-y', '-q', ...missing], aptLine);
	} catch (error) {
		throw new OmsError(`cannot start the lab: installing ${missing.join(' ')} failed: ${(error as Error).message}.`, {
			cause: error,
			hint: `See apt-get's lines above; install them yourself with: apt-get install -y ${missing.join(' ')}`,
			exitCode: 2,
		});
	}
	return checkLabPrerequisites(transport, runner);
}

/** The path checkLabPrerequisites found for `name`; asking for a program it did not check is a bug, named. */
export function programPath(programs: Readonly<Record<string, string>>, name: string): string {
	const path = programs[name];
	if (path === undefined) throw new Error(`the lab program ${name} was not looked up by checkLabPrerequisites`);
	return path;
}

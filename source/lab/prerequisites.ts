import {access, constants} from 'node:fs/promises';
import {delimiter, join} from 'node:path';
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

/** Fails with one message naming every missing package, and root when the lab is not run as root. */
export async function checkLabPrerequisites(transport: 'ssh' | 'tcp' = 'ssh'): Promise<Record<string, string>> {
	const found: Record<string, string> = {};
	const missing = new Set<string>();
	for (const program of transport === 'ssh' ? [...programs, ...sshPrograms] : programs) {
		const path = await findProgram(program.name);
		if (path) found[program.name] = path;
		else missing.add(program.packageName);
	}
	const problems: string[] = [];
	if (process.getuid?.() !== 0) problems.push('the lab starts private dockerd engines and needs root');
	if (missing.size > 0) problems.push(`missing Debian packages: ${[...missing].join(', ')}`);
	if (problems.length > 0) {
		throw new OmsError(`cannot start the lab: ${problems.join('; ')}.`, {
			hint: missing.size > 0 ? `Install them with: apt-get install -y ${[...missing].join(' ')}` : 'Run it as root (sudo).',
			exitCode: 2,
		});
	}
	return found;
}

/** The path checkLabPrerequisites found for `name`; asking for a program it did not check is a bug, named. */
export function programPath(programs: Readonly<Record<string, string>>, name: string): string {
	const path = programs[name];
	if (path === undefined) throw new Error(`the lab program ${name} was not looked up by checkLabPrerequisites`);
	return path;
}

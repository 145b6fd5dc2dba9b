import {describe, expect, it} from 'vitest';
import {OmsError} from '../../source/domain/errors.js';
import {checkLabPrerequisites, ensureLabPrerequisites, type SystemRunner} from '../../source/lab/prerequisites.js';

/** Which package brings each program the lab looks for (ssh transport), as a Debian machine has them. */
const packageOf: Record<string, string> = {
	dockerd: 'docker.io',
	containerd: 'docker.io',
	runc: 'docker.io',
	mariadbd: 'mariadb-server',
	'mariadb-install-db': 'mariadb-server',
	mariadb: 'mariadb-client',
	mysqldump: 'mariadb-client',
	busybox: 'busybox-static',
	bash: 'bash',
	ldd: 'libc-bin',
	tar: 'tar',
	umount: 'mount',
	mount: 'mount',
	sshd: 'openssh-server',
	ssh: 'openssh-client',
	'ssh-keygen': 'openssh-client',
	'ssh-keyscan': 'openssh-client',
	unshare: 'util-linux',
	'apt-get': 'apt',
};

/** A machine with `installed` packages: apt-get install adds packages, a failing one fails. Records every command. */
function fakeMachine(options: {root: boolean; installed: readonly string[]; aptFails?: boolean}) {
	const installed = new Set(options.installed);
	const commands: string[] = [];
	const runner: SystemRunner = {
		isRoot: () => options.root,
		findProgram: async name => (installed.has(packageOf[name] ?? '?') ? `/usr/bin/${name}` : undefined),
		run: async (command, args, onLine) => {
			commands.push([command, ...args].join(' '));
			onLine(`Reading package lists...`);
			onLine('');
			if (options.aptFails) throw new Error(`${command} ${args.join(' ')} ended with exit code 100`);
			if (args[0] === 'install')
				for (const name of args.filter(arg => !arg.startsWith('-')).slice(1)) installed.add(name);
		},
	};
	return {runner, commands};
}

const everything = [...new Set(Object.values(packageOf))];
const withoutLab = everything.filter(name => !['docker.io', 'mariadb-server', 'busybox-static'].includes(name));

async function failure(run: Promise<unknown>): Promise<OmsError> {
	const error = await run.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(OmsError);
	return error as OmsError;
}

describe('ensureLabPrerequisites: install the lab’s Debian packages when it can', () => {
	it('as root with apt-get and packages missing: names them, installs them, streams apt-get’s lines, returns the programs', async () => {
		const {runner, commands} = fakeMachine({root: true, installed: withoutLab});
		const said: string[] = [];
		const programs = await ensureLabPrerequisites('ssh', line => said.push(line), runner);
		expect(commands).toEqual([
			'/usr/bin/apt-get update -q',
			'/usr/bin/apt-get install -y -q docker.io mariadb-server busybox-static',
		]);
		expect(said).toEqual([
			'installing the Debian packages the lab needs and this machine lacks: docker.io mariadb-server busybox-static (apt-get update, then apt-get install -y)',
			'apt-get: Reading package lists...',
			'apt-get: Reading package lists...',
		]);
		expect(programs).toMatchObject({
			dockerd: '/usr/bin/dockerd',
			mariadbd: '/usr/bin/mariadbd',
			busybox: '/usr/bin/busybox',
		});
	});

	it('with everything present: installs nothing and says nothing', async () => {
		const {runner, commands} = fakeMachine({root: true, installed: everything});
		const said: string[] = [];
		await ensureLabPrerequisites('ssh', line => said.push(line), runner);
		expect([commands, said]).toEqual([[], []]);
	});

	it('not root: installs nothing and fails as today, naming the packages and root', async () => {
		const {runner, commands} = fakeMachine({root: false, installed: withoutLab});
		const error = await failure(ensureLabPrerequisites('ssh', () => undefined, runner));
		expect(commands).toEqual([]);
		expect(error.message).toBe(
			'cannot start the lab: the lab starts private dockerd engines and needs root; missing Debian packages: docker.io, mariadb-server, busybox-static.',
		);
		expect(error.hint).toBe('Install them with: apt-get install -y docker.io mariadb-server busybox-static');
	});

	it('root without apt-get: installs nothing and fails naming the packages', async () => {
		const {runner, commands} = fakeMachine({root: true, installed: withoutLab.filter(name => name !== 'apt')});
		const error = await failure(ensureLabPrerequisites('ssh', () => undefined, runner));
		expect(commands).toEqual([]);
		expect(error.message).toBe(
			'cannot start the lab: missing Debian packages: docker.io, mariadb-server, busybox-static.',
		);
	});

	it('an apt-get that fails: says which packages it could not install and how to do it by hand', async () => {
		const {runner} = fakeMachine({root: true, installed: withoutLab, aptFails: true});
		const error = await failure(ensureLabPrerequisites('ssh', () => undefined, runner));
		expect(error.message).toBe(
			'cannot start the lab: installing docker.io mariadb-server busybox-static failed: /usr/bin/apt-get update -q ended with exit code 100.',
		);
		expect(error.hint).toBe(
			"See apt-get's lines above; install them yourself with: apt-get install -y docker.io mariadb-server busybox-static",
		);
	});

	it('with the tcp transport: the ssh packages are not needed', async () => {
		const {runner, commands} = fakeMachine({
			root: true,
			installed: everything.filter(name => !name.startsWith('openssh')),
		});
		await ensureLabPrerequisites('tcp', () => undefined, runner);
		expect(commands).toEqual([]);
		const error = await failure(checkLabPrerequisites('ssh', runner));
		expect(error.message).toBe('cannot start the lab: missing Debian packages: openssh-server, openssh-client.');
	});
});

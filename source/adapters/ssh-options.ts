import {userInfo} from 'node:os';
import {execa} from 'execa';
import type {SshFiles} from '../config/plan-types.js';
import {childEnvironment} from './child-process.js';

/** One node's SSH destination as the plan names it; OpenSSH fills in what it leaves out. */
export type SshTarget = {
	readonly user: string | undefined;
	/** A host name, an address or a Host alias of the ssh config. */
	readonly host: string;
	readonly port: number | undefined;
};

/** Where the Docker engine listens on the nodes, as the Docker CLI assumes for ssh:// hosts. */
export const remoteDockerSocket = '/var/run/docker.sock';

/**
 * Options every ssh invocation of the tool gets: never prompt (BatchMode), never trust an unknown host
 * key nor record one (StrictHostKeyChecking, UpdateHostKeys=no), and the plan's files when it names
 * some. The rest (HostName, User, Port, IdentityFile, ProxyJump, the agent) is OpenSSH's own business.
 */
export function sshOptions(target: SshTarget, files: SshFiles | undefined, connectTimeoutSec: number): string[] {
	const options = [
		'BatchMode=yes',
		'StrictHostKeyChecking=yes',
		'UpdateHostKeys=no',
		`ConnectTimeout=${connectTimeoutSec}`,
	];
	if (files?.knownHosts) options.push(`UserKnownHostsFile=${files.knownHosts}`, 'GlobalKnownHostsFile=/dev/null');
	if (files?.identity) options.push('IdentitiesOnly=yes');
	return [
		...(files?.config ? ['-F', files.config] : []),
		...options.flatMap(option => ['-o', option]),
		...(files?.identity ? ['-i', files.identity] : []),
		...(target.user ? ['-l', target.user] : []),
		...(target.port ? ['-p', String(target.port)] : []),
	];
}

/**
 * The long-running ssh that holds a node's one connection: no remote command, no terminal, the
 * node's Docker socket forwarded to `localSocket`. Every Docker API request is a channel on it.
 * ControlPath=none keeps an operator's own ControlMaster settings from sharing or taking it over.
 */
export function tunnelArguments(
	target: SshTarget,
	files: SshFiles | undefined,
	connectTimeoutSec: number,
	localSocket: string,
): string[] {
	const options = [
		'ControlMaster=no',
		'ControlPath=none',
		'ExitOnForwardFailure=yes',
		'StreamLocalBindUnlink=yes',
		'StreamLocalBindMask=0177',
		'ServerAliveInterval=5',
		'ServerAliveCountMax=3',
	];
	return [
		...sshOptions(target, files, connectTimeoutSec),
		...options.flatMap(option => ['-o', option]),
		'-N',
		'-T',
		'-L',
		`${localSocket}:${remoteDockerSocket}`,
		'--',
		target.host,
	];
}

type ResolvedTarget = {
	readonly hostname: string;
	readonly port: number;
	readonly user: string;
	readonly knownHosts: readonly string[];
};

/**
 * What OpenSSH makes of the target after its config (`ssh -G`): the real host name, port, user and known_hosts files.
 */
export async function resolveTarget(
	target: SshTarget,
	files: SshFiles | undefined,
): Promise<ResolvedTarget | undefined> {
	const result = await execa('ssh', ['-G', ...sshOptions(target, files, 5), '--', target.host], {
		reject: false,
		timeout: 10_000,
		stdin: 'ignore',
		env: childEnvironment(),
		extendEnv: false,
	});
	if (result.exitCode !== 0) return undefined;
	const values = new Map<string, string>();
	for (const line of result.stdout.split('\n')) {
		const space = line.indexOf(' ');
		if (space > 0 && !values.has(line.slice(0, space))) values.set(line.slice(0, space), line.slice(space + 1));
	}
	// OpenSSH's ~ is the passwd entry's home, not $HOME.
	const home = userInfo().homedir;
	return {
		hostname: values.get('hostname') ?? target.host,
		port: Number(values.get('port') ?? 22),
		user: values.get('user') ?? 'root',
		knownHosts: (values.get('userknownhostsfile') ?? '~/.ssh/known_hosts')
			.split(' ')
			.map(file => file.replace(/^~(?=\/)/, home)),
	};
}

import {execa} from 'execa';
import type {SshFiles} from '../config/plan-types.js';
import {ExternalError} from '../domain/errors.js';
import {remoteDockerSocket, resolveTarget, type SshTarget} from './ssh-options.js';
import {childEnvironment} from './child-process.js';

/** What went wrong, read from what ssh printed, for one node: said as an operator needs it. */
export async function sshFailure(
	node: string,
	target: SshTarget,
	files: SshFiles | undefined,
	stderr: string,
): Promise<ExternalError> {
	const where = `node ${node}: ssh ${target.host}`;
	const said = lastLines(stderr);
	if (/failed to execute ssh|spawn ssh ENOENT/.test(stderr)) {
		return new ExternalError(`${where}: this machine has no ssh client (${said}).`, {
			hint: 'Install the OpenSSH client (Debian/Ubuntu: apt-get install openssh-client; RHEL: dnf install openssh-clients).',
		});
	}
	const resolved = await resolveTarget(target, files);
	const hostname = resolved?.hostname ?? target.host;
	const portFlag = resolved && resolved.port !== 22 ? ` -p ${resolved.port}` : '';
	const knownHosts = resolved?.knownHosts[0] ?? '~/.ssh/known_hosts';
	// known_hosts names a host on another port as [host]:port; ssh-keygen -R needs that name.
	const entry = resolved && resolved.port !== 22 ? `'[${hostname}]:${resolved.port}'` : hostname;
	// By hand, with the files the plan gives the tool, so the alias resolves and the right file learns the key.
	const byHand = [
		'ssh',
		...(files?.config ? ['-F', files.config] : []),
		...(files?.knownHosts ? ['-o', `UserKnownHostsFile=${files.knownHosts}`] : []),
		target.host,
	].join(' ');
	if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for \S+ has changed/.test(stderr)) {
		const presented = /^(SHA256:\S+?)\.?$/m.exec(stderr)?.[1];
		return new ExternalError(
			`${where}: host key for ${hostname} has CHANGED since it was recorded in ${knownHosts}${presented ? ` (it now presents ${presented})` : ''}; refused, nothing was done on this node.`,
			{
				hint: `If the node was reinstalled or its key rotated, confirm the new fingerprint with its administrator, then replace the entry: ssh-keygen -f ${knownHosts} -R ${entry}, and add the new key. Otherwise someone may be intercepting the connection: do not go on.`,
			},
		);
	}
	if (/host key is known for|Host key verification failed/.test(stderr)) {
		const fingerprints = await scanFingerprints(hostname, resolved?.port ?? 22);
		return new ExternalError(
			`${where}: the host key of ${hostname} is not known (not in ${knownHosts}); ${fingerprints ? `it presents ${fingerprints}` : 'its fingerprint could not be read (ssh-keyscan)'}. Refused: host keys are never trusted on first use; nothing was done on this node.`,
			{
				hint: `Check the fingerprint with the node's administrator, then trust it: ssh-keyscan -H${portFlag} ${hostname} >> ${knownHosts} (or connect once with \`${byHand}\` and answer yes).`,
			},
		);
	}
	const denied = /Permission denied \(([^)]*)\)/.exec(stderr);
	if (denied) {
		const offered = files?.identity
			? `the plan's ssh.identity ${files.identity}`
			: `your ssh-agent${process.env.SSH_AUTH_SOCK ? '' : ' (SSH_AUTH_SOCK is not set)'} and the IdentityFile keys of your ssh config`;
		return new ExternalError(
			`${where}: the node refused every key offered for ${resolved?.user ?? 'the user'}@${hostname} (permission denied; it accepts ${denied[1]}). ${said}`.trim(),
			{
				hint: `The keys offered were ${offered}. Add the public key to that user's authorized_keys on the node, or name the right key (ssh.identity in the plan, or IdentityFile in the ssh config); \`ssh -v ${target.host} true\` shows what is tried.`,
			},
		);
	}
	if (/administratively prohibited/.test(stderr)) {
		return new ExternalError(
			`${where}: connected, but the node's sshd does not allow forwarding its Docker socket ${remoteDockerSocket} (${said}).`,
			{
				hint: 'On the node, allow socket forwarding in sshd_config for this user: AllowStreamLocalForwarding yes (the default) and no DisableForwarding.',
			},
		);
	}
	if (/open failed/.test(stderr)) {
		return new ExternalError(
			`${where}: connected, but ${remoteDockerSocket} could not be opened on the node (${said}).`,
			{
				hint: `On the node, check that Docker runs (systemctl status docker), that the SSH user may open ${remoteDockerSocket} (root, or the docker group), and that sshd allows forwarding to it (AllowStreamLocalForwarding and AllowTcpForwarding not "no", no DisableForwarding); the node's sshd log says which.`,
			},
		);
	}
	return new ExternalError(`${where}: cannot connect${said ? `: ${said}` : ''}.`, {
		hint: `Check that the node's sshd runs and that this machine reaches it: \`ssh ${target.host} true\` with the same settings (BatchMode, no prompts).`,
	});
}

/** The key fingerprints a host presents, only to show them: the keys themselves are never recorded. */
async function scanFingerprints(hostname: string, port: number): Promise<string | undefined> {
	const scan = await execa('ssh-keyscan', ['-T', '5', '-p', String(port), hostname], {
		reject: false,
		timeout: 10_000,
		stdin: 'ignore',
		env: childEnvironment(),
		extendEnv: false,
	});
	if (!scan.stdout.trim()) return undefined;
	const listed = await execa('ssh-keygen', ['-l', '-f', '-'], {
		reject: false,
		timeout: 10_000,
		input: scan.stdout,
		env: childEnvironment(),
		extendEnv: false,
	});
	const prints = listed.stdout
		.split('\n')
		.map(line => /^\d+ (\S+) .*\((\w+)\)$/.exec(line.trim()))
		.flatMap(match => (match ? [`${match[2]} ${match[1]}`] : []));
	return prints.length > 0 ? prints.join(', ') : undefined;
}

/** The last things ssh said, on one line, without its warnings banner. */
export function lastLines(stderr: string): string {
	return stderr
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line && !line.startsWith('@') && !/^Pseudo-terminal/.test(line))
		.slice(-2)
		.join(' ')
		.replace(/\.$/, '');
}

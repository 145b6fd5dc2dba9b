/**
 * Who answered a question and from where: the OS user on the jump host, the host, and the SSH session the
 * operator came in on (`SSH_CONNECTION` / `SSH_CLIENT`, where set). Kept with every answer for the audit trail.
 */
export type Operator = {
	/** The OS user running the tool. */
	readonly user: string;
	/** The jump host's name. */
	readonly host: string;
	/** `SSH_CONNECTION` (client ip, client port, server ip, server port); null when not set. */
	readonly sshConnection: string | null;
	/** `SSH_CLIENT` (client ip, client port, server port); null when not set. */
	readonly sshClient: string | null;
};

/** The operator as the environment tells it (pure: the caller passes the user, host and environment). */
export function operatorFrom(user: string, host: string, env: Readonly<Record<string, string | undefined>>): Operator {
	const set = (value: string | undefined) => (value && value.trim() ? value.trim() : null);
	return {user, host, sshConnection: set(env['SSH_CONNECTION']), sshClient: set(env['SSH_CLIENT'])};
}

/** `admin@jump1 (ssh from 10.1.2.3:51022)`, or `admin@jump1 (local)` without an SSH session. */
export function operatorText(operator: Operator | null | undefined): string {
	if (!operator) return 'unknown';
	const [ip, port] = (operator.sshConnection ?? operator.sshClient ?? '').split(/\s+/);
	return `${operator.user}@${operator.host} (${ip ? `ssh from ${ip}${port ? `:${port}` : ''}` : 'local'})`;
}

/** The whole record in words, for the run log: `admin@jump1, SSH_CONNECTION=10.1.2.3 51022 10.0.0.1 22`. */
export function operatorDetail(operator: Operator): string {
	const ssh = [
		operator.sshConnection === null ? '' : `SSH_CONNECTION=${operator.sshConnection}`,
		operator.sshClient === null ? '' : `SSH_CLIENT=${operator.sshClient}`,
	].filter(Boolean);
	return `${operator.user}@${operator.host}, ${ssh.length > 0 ? ssh.join(', ') : 'no SSH session'}`;
}

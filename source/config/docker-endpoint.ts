/**
 * Where a node's Docker engine listens. For `ssh`, user and port are left to OpenSSH (its config, then
 * its defaults) when the endpoint does not name them, and `host` may be a Host alias of the ssh config.
 */
export type DockerEndpoint =
	| {readonly kind: 'unix'; readonly socketPath: string}
	| {readonly kind: 'tcp'; readonly host: string; readonly port: number}
	| {readonly kind: 'ssh'; readonly user: string | undefined; readonly host: string; readonly port: number | undefined};

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4Pattern = new RegExp(`^${octet}(?:\\.${octet}){3}$`);
const labelPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const userPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** A ~/.ssh/config Host alias or a host name; never starting with `-`, so it cannot pass for an ssh option. */
const sshHostPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * An IPv4 address or a DNS host name. All-numeric names must be real addresses, so a typo like 10.0.0.300 is caught.
 */
export function isHostAddress(text: string): boolean {
	if (/^[\d.]+$/.test(text)) return ipv4Pattern.test(text);
	return text.length <= 253 && text.split('.').every(label => labelPattern.test(label));
}

function parsePort(text: string): number | undefined {
	if (!/^\d{1,5}$/.test(text)) return undefined;
	const port = Number(text);
	return port >= 1 && port <= 65_535 ? port : undefined;
}

/**
 * Reads a node's `docker:` value. Only the forms the tool can act on are accepted, so a typo fails
 * when the plan is loaded rather than halfway through an upgrade.
 */
export function parseDockerEndpoint(text: string): DockerEndpoint | undefined {
	// The socket path must name a file, not a directory.
	const unix = /^unix:\/\/(\/[^\s\0]*[^\s\0/])$/.exec(text);
	if (unix?.[1]) return {kind: 'unix', socketPath: unix[1]};

	const tcp = /^tcp:\/\/([^\s:/@]+):([^\s:/@]+)$/.exec(text);
	if (tcp?.[1] && tcp[2]) {
		const port = parsePort(tcp[2]);
		if (!isHostAddress(tcp[1]) || port === undefined) return undefined;
		return {kind: 'tcp', host: tcp[1], port};
	}

	// As `DOCKER_HOST=ssh://…`: user and port may come from ~/.ssh/config (or the plan's ssh.config) instead.
	const ssh = /^ssh:\/\/(?:([^\s:/@]+)@)?([^\s:/@]+)(?::([^\s:/@]+))?$/.exec(text);
	if (ssh?.[2]) {
		const port = ssh[3] === undefined ? undefined : parsePort(ssh[3]);
		if (ssh[3] !== undefined && port === undefined) return undefined;
		if ((ssh[1] !== undefined && !userPattern.test(ssh[1])) || !sshHostPattern.test(ssh[2])) return undefined;
		if (/^[\d.]+$/.test(ssh[2]) && !isHostAddress(ssh[2])) return undefined;
		return {kind: 'ssh', user: ssh[1], host: ssh[2], port};
	}

	return undefined;
}

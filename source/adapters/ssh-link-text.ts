import type {ExternalError} from '../domain/errors.js';
import {remoteDockerSocket} from './ssh-options.js';

/** How a node's SSH connection stands, as the node card shows it. */
export type SshState = 'connected' | 'reconnecting' | 'lost';

/** What a tunnel knows about its link, for the sentences below. */
export type LinkView = {
	readonly node: string;
	/** The ssh destination as the plan names it (an alias, a host). */
	readonly host: string;
	readonly state: SshState;
	/** What ssh said when the connection dropped. */
	readonly problem: string | undefined;
	/** Why reconnecting failed, once lost. */
	readonly failure: ExternalError | undefined;
	/** The last things ssh said. */
	readonly said: string;
};

export type LinkExplanation = {readonly text: string; readonly cause: unknown; readonly hint: string};

/** The state as a sentence for the log: which node, which connection, what happened. */
export function describeLink(link: LinkView): string {
	const where = `node ${link.node}: the SSH connection to ${link.host}`;
	if (link.state === 'connected') return `${where} is up again (reconnected)`;
	if (link.state === 'reconnecting') return `${where} dropped (${link.problem ?? 'ssh exited'}); reconnecting once`;
	return `${where} is lost (${link.problem ?? 'ssh exited'}; ${link.failure?.message.replace(/\.$/, '') ?? 'reconnecting failed'}). Requests to this node fail; once the node is reachable again, run the command again to resume`;
}

/**
 * For an error a request through the tunnel got: what the link says about it, the error to give as its
 * cause and what to do; undefined when the error is not about reaching the far end.
 */
export function explainLinkError(link: LinkView, error: unknown): LinkExplanation | undefined {
	const code = (error as {code?: string} | undefined)?.code;
	const message = error instanceof Error ? error.message : String(error);
	if (!['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE'].includes(code ?? '') && !/socket hang up/.test(message))
		return undefined;
	const rerun = 'then run the command again: it resumes where it stopped.';
	const sshHint = `Check that the node's sshd runs and that \`ssh ${link.host} true\` works from this machine, ${rerun}`;
	const problem = link.problem ?? 'ssh exited';
	if (link.state === 'lost' && link.failure) {
		return {
			text: `the SSH connection to ${link.host} was lost (${problem}) and could not be re-established: ${link.failure.message.replace(/\.$/, '')}`,
			cause: link.failure,
			hint: sshHint,
		};
	}
	if (link.state === 'reconnecting')
		return {
			text: `the SSH connection to ${link.host} dropped (${problem}) and is being re-established (${message})`,
			cause: error,
			hint: sshHint,
		};
	// The connection holds, so the far end of the forward failed: the engine, or the link in the very instant it
	// dropped.
	return {
		text: `nothing answered at ${remoteDockerSocket} on the node (${message}${link.said ? `; ssh: ${link.said}` : ''}): Docker may have stopped there, or the SSH connection to ${link.host} broke`,
		cause: error,
		hint: `Check that Docker runs on the node (\`ssh ${link.host} docker info\`) and that its sshd is up, ${rerun}`,
	};
}

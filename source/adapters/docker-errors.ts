import {ExternalError} from '../domain/errors.js';
import type {EngineDeadlines} from './engine-handle.js';
import type {SshTunnel} from './ssh-tunnel.js';

/** undefined-returning reads and idempotent writes need to recognise these engine answers. */
export function isNotFound(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as {statusCode?: number}).statusCode === 404;
}

/** 304: the container was already in the asked state (started, stopped), which is what we want. */
export function ignoreNotModified(error: unknown): void {
	if ((error as {statusCode?: number}).statusCode !== 304) throw error;
}

/** The engine's own words for a failure, without dockerode's `(HTTP code …) … -` prefix. */
export function errorText(error: unknown): string {
	if (typeof error === 'object' && error !== null) {
		const {json, message} = error as {json?: {message?: string}; message?: string};
		if (json?.message) return json.message;
		if (message) return message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '').trim();
	}
	return String(error);
}

/** dockerode passes `abortSignal` on to the request for every call; its types do not list it everywhere. */
export const signalOption = (abortSignal: AbortSignal) => ({abortSignal});

/** What the error wording needs of a node's engine. */
type Named = {
	readonly host: string;
	readonly endpointText: string;
	readonly deadlines: EngineDeadlines;
	readonly tunnel?: SshTunnel;
};

/** A call that did not answer within its deadline, naming the node, the call and the setting to raise. */
export function timedOutError(engine: Named, action: string, timeoutMs: number): ExternalError {
	// A call that waits by design (docker stop's grace) gets requestSec on top of its own wait.
	const ownWaitSec = Math.round((timeoutMs - engine.deadlines.requestMs) / 1000);
	const setting =
		timeoutMs === engine.deadlines.connectMs
			? 'timeouts.connectSec'
			: ownWaitSec > 0
				? `timeouts.requestSec, added to the call's own wait of ${ownWaitSec}s`
				: 'timeouts.requestSec';
	return new ExternalError(
		`node ${engine.host}: Docker at ${engine.endpointText} did not answer \`${action}\` within ${Math.round(timeoutMs / 1000)}s.`,
		{
			hint: `The engine is hung or unreachable: check it on the node (docker info, systemctl status docker), then run again (the deadline is the plan file's ${setting}).`,
		},
	);
}

/** A call that failed: the SSH link's own explanation when it is the link, else the engine's words. */
export function callError(engine: Named, action: string, error: unknown): ExternalError {
	const link = engine.tunnel?.explain(error);
	if (link) {
		return new ExternalError(
			`node ${engine.host}: cannot ${action} on Docker at ${engine.endpointText}: ${link.text}.`,
			{
				cause: link.cause,
				hint: link.hint,
			},
		);
	}
	return new ExternalError(
		`node ${engine.host}: cannot ${action} on Docker at ${engine.endpointText}: ${errorText(error)}.`,
		{
			cause: error,
			hint: 'Check that the engine runs and that this machine can reach it (docker -H <endpoint> info).',
		},
	);
}

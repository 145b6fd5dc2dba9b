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

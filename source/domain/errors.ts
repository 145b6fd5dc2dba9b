/**
 * Every error the tool raises on purpose: what failed, where, and what to do next.
 * `exitCode` follows the command-line contract (2 config, 3 preflight, 1 step failure).
 */
export class OmsError extends Error {
	override readonly name: string = 'OmsError';
	readonly hint: string | undefined;
	readonly exitCode: number;

	constructor(message: string, options: {hint?: string; cause?: unknown; exitCode?: number} = {}) {
		super(message, {cause: options.cause});
		this.hint = options.hint;
		this.exitCode = options.exitCode ?? 1;
	}
}

/** A mistake in the plan file or on the command line: exit 2. */
export class ConfigError extends OmsError {
	override readonly name = 'ConfigError';

	constructor(message: string, options: {hint?: string; cause?: unknown} = {}) {
		super(message, {...options, exitCode: 2});
	}
}

/** Something outside the tool (Docker, MetaDB, a file) did not do what was asked. */
export class ExternalError extends OmsError {
	override readonly name = 'ExternalError';
}

/** A one-paragraph rendering: message, the cause's message when it adds something, then the hint. */
export function describeError(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const parts = [error.message];
	const cause = error.cause instanceof Error ? error.cause.message : undefined;
	if (cause && !error.message.includes(cause)) parts.push(`(${cause})`);
	if (error instanceof OmsError && error.hint) parts.push(error.hint);
	return parts.join(' ');
}

/**
 * The one guard between secrets and output: every line printed, logged, journaled or shown passes
 * through `redact`. Secrets are registered as soon as they are read (plan env, config.yaml).
 */
const secrets = new Set<string>();

export const redactedText = '***';

export function registerSecret(secret: string | undefined): void {
	if (secret && secret.length >= 3) secrets.add(secret);
}

export function redact(text: string): string {
	let result = text;
	for (const secret of secrets) result = result.split(secret).join(redactedText);
	return result;
}

/**
 * The one guard between secrets and output: every line printed, logged, journaled or shown passes
 * through `redact`. Secrets are registered as soon as they are read (plan env, config.yaml).
 *
 * A secret is redacted as it is and in the forms text carries it in: escaped inside a JSON string, inside a
 * SQL or shell string literal, in a defaults file. A secret shorter than 3 characters is too short to
 * replace everywhere (every "1" of the output would go), so it is redacted where it stands as a password's
 * value: after `password`, `pwd`, `passwd` or `-p`, with `=`, `:` or a space, quoted or not.
 */
const secrets = new Set<string>();
const shortSecrets = new Set<string>();

export const redactedText = '***';

/** The forms a secret takes in text that escapes it: JSON, SQL and shell string literals, a defaults file. */
function forms(secret: string): string[] {
	const json = JSON.stringify(secret).slice(1, -1);
	const backslashed = secret.replace(/[\\'"]/g, char => `\\${char}`);
	const doubledQuote = secret.replace(/'/g, "''");
	const shell = secret.replace(/'/g, "'\\''");
	return [...new Set([secret, json, backslashed, doubledQuote, shell])];
}

export function registerSecret(secret: string | undefined): void {
	if (!secret) return;
	if (secret.length < 3) {
		shortSecrets.add(secret);
		return;
	}
	for (const form of forms(secret)) secrets.add(form);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redact(text: string): string {
	let result = text;
	// Longer forms first, so an escaped form is not cut in two by a shorter one it contains.
	for (const secret of [...secrets].sort((a, b) => b.length - a.length))
		result = result.split(secret).join(redactedText);
	for (const secret of shortSecrets) {
		const value = escapeRegExp(secret);
		const valueAfterKey = new RegExp(
			`((?:pass(?:word|wd)?|pwd)["']?\\s*[=:]\\s*["']?|(?:^|\\s)-p)${value}(?=$|["'\\s,;}&)])`,
			'gim',
		);
		result = result.replace(valueAfterKey, `$1${redactedText}`);
	}
	return result;
}

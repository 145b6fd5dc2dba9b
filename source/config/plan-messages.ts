import type * as z from 'zod';
import {ConfigError} from '../domain/errors.js';

/**
 * The plan file's error messages. Every one is a `ConfigError` shaped `<file>: <field>: <problem>; <expected>`,
 * so people (and scripts) can find the field and the fix. The schema (plan-schema.ts) gives each field's
 * `<expected>` as its zod error message; this file adds where and what was found.
 */
export function fail(
	display: string,
	field: string | undefined,
	problem: string,
	expected: string,
	cause?: unknown,
): never {
	const where = field === undefined ? display : `${display}: ${field}`;
	throw new ConfigError(`${where}: ${problem}; ${expected}`, {cause});
}

export function show(value: unknown): string {
	if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
	const json = JSON.stringify(value) ?? String(value);
	// A whole mapping pasted in the wrong place would otherwise swamp the message.
	return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

export function errorCode(error: unknown): string {
	if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
	return error instanceof Error ? error.message : String(error);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
			current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
}

/** The allowed key within two edits of `key` (case aside), nearest first. */
function closest(key: string, allowed: readonly string[]): string | undefined {
	let best: {key: string; distance: number} | undefined;
	for (const candidate of allowed) {
		const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
		if (distance <= 2 && (!best || distance < best.distance)) best = {key: candidate, distance};
	}
	return best?.key;
}

/** The message for a key the mapping does not have: `unknown key (did you mean "…"?); allowed keys: …`. */
export function unknownKey(key: string, allowed: readonly string[], note = ''): string {
	const guess = closest(key, allowed);
	const problem = guess === undefined ? 'unknown key' : `unknown key (did you mean ${JSON.stringify(guess)}?)`;
	return `${problem}; allowed keys: ${allowed.join(', ')}${note}`;
}

/** `nodes[0].docker` from zod's `['nodes', 0, 'docker']`. */
function fieldName(path: readonly PropertyKey[]): string {
	return path.reduce<string>(
		(name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)),
		'',
	);
}

/** A check across fields (plan-schema.ts) says what it found itself: `params.problem`. */
export type CrossCheck = {readonly problem: string};

function problemOf(issue: z.core.$ZodIssue): string {
	const given = issue.code === 'custom' ? (issue.params as Partial<CrossCheck> | undefined)?.problem : undefined;
	if (given !== undefined) return given;
	return issue.input === undefined ? 'missing' : `${show(issue.input)} is not allowed`;
}

/**
 * One message for a plan that failed its schema: the first problem, but an unknown key before anything else,
 * since a misspelt key is what leaves its own field missing (`targt:` is why `target` is missing). zod's own
 * report is not kept as the cause: printed, it would repeat every problem as JSON after the message.
 */
export function planProblem(display: string, issues: readonly z.core.$ZodIssue[]): never {
	const issue = issues.find(each => each.code === 'unrecognized_keys') ?? issues[0];
	if (issue === undefined) fail(display, undefined, 'not a valid plan', 'expected a plan as described in the README');
	if (issue.code === 'unrecognized_keys') {
		const key = issue.keys[0] ?? '';
		throw new ConfigError(`${display}: ${fieldName([...issue.path, key])}: ${issue.message}`);
	}
	const field = fieldName(issue.path);
	fail(display, field === '' ? undefined : field, problemOf(issue), issue.message);
}

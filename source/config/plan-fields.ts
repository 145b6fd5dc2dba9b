import {ConfigError} from '../domain/errors.js';

/**
 * The plan file's field checking: every rule knows what it expects, and every failure is one
 * `ConfigError` shaped `<file>: <field>: <problem>; <expected>`.
 */
export type Mapping = Record<string, unknown>;

/** What a field accepts: `accept` returns the typed value, or undefined when the value is not allowed. */
export type Rule<T> = {readonly expected: string; readonly accept: (value: unknown) => T | undefined};

/** `display` is how errors name the file; `dir` is what relative paths in it resolve against. */
export type Context = {readonly display: string; readonly dir: string};

// Every message has the same shape so people (and scripts) can find the field and the fix.
export function fail(ctx: Context, field: string | undefined, problem: string, expected: string, cause?: unknown): never {
	const where = field === undefined ? ctx.display : `${ctx.display}: ${field}`;
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

export const join = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);

export function isMapping(value: unknown): value is Mapping {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isList(value: unknown): value is readonly unknown[] {
	return Array.isArray(value);
}

function own(map: Mapping, key: string): unknown {
	return Object.hasOwn(map, key) ? map[key] : undefined;
}

export function rule<T>(expected: string, accept: (value: unknown) => T | undefined): Rule<T> {
	return {expected, accept};
}

export const text = (pattern: RegExp, expected: string): Rule<string> =>
	rule(expected, value => (typeof value === 'string' && pattern.test(value) ? value : undefined));

export const integer = (min: number, expected: string, max = Number.MAX_SAFE_INTEGER): Rule<number> =>
	rule(expected, value => (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined));

export const oneOf = <T extends string>(choices: readonly T[]): Rule<T> =>
	rule(`expected ${choices.join(' or ')}`, value => choices.find(choice => choice === value));

export const mapping = (expected: string): Rule<Mapping> => rule(expected, value => (isMapping(value) ? value : undefined));

/** A path on this machine; relative paths resolve against the plan file's directory. */
export const filePath = (expected: string): Rule<string> => text(/\S/, expected);

/** `null` counts as absent, so `image:` with nothing after it falls back to the default. */
function accept<T>(ctx: Context, field: string, value: unknown, wanted: Rule<T>): T | undefined {
	if (value === undefined || value === null) return undefined;
	const accepted = wanted.accept(value);
	if (accepted === undefined) fail(ctx, field, `${show(value)} is not allowed`, wanted.expected);
	return accepted;
}

export function need<T>(ctx: Context, field: string, value: unknown, wanted: Rule<T>): T {
	const accepted = accept(ctx, field, value, wanted);
	if (accepted === undefined) fail(ctx, field, 'missing', wanted.expected);
	return accepted;
}

export function optional<T>(ctx: Context, map: Mapping, parent: string, key: string, wanted: Rule<T>): T | undefined {
	return accept(ctx, join(parent, key), own(map, key), wanted);
}

export function required<T>(ctx: Context, map: Mapping, parent: string, key: string, wanted: Rule<T>): T {
	return need(ctx, join(parent, key), own(map, key), wanted);
}

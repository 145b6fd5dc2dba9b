import path from 'node:path';
import {parseDocument} from 'yaml';
import {ConfigError} from '../domain/errors.js';
import {type Context, type Mapping, fail, isMapping, join, mapping, optional} from './plan-fields.js';

// The plan file as a document: its YAML, its name in messages, and the keys each mapping allows.

const documentExpected = 'expected a YAML mapping with at least target and nodes';

export function displayPath(file: string): string {
	const relative = path.relative(process.cwd(), file);
	return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
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

function closest(key: string, allowed: readonly string[]): string | undefined {
	let best: {key: string; distance: number} | undefined;
	for (const candidate of allowed) {
		const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
		if (distance <= 2 && (!best || distance < best.distance)) best = {key: candidate, distance};
	}
	return best?.key;
}

/** Unknown keys are errors: a misspelled optional key would otherwise be silently replaced by its default. */
export function checkKeys(ctx: Context, parent: string, map: Mapping, allowed: readonly string[], note = (_key: string) => ''): void {
	const unknown = Object.keys(map).find(key => !allowed.includes(key));
	if (unknown === undefined) return;
	const guess = closest(unknown, allowed);
	const problem = guess === undefined ? 'unknown key' : `unknown key (did you mean ${JSON.stringify(guess)}?)`;
	fail(ctx, join(parent, unknown), problem, `allowed keys: ${allowed.join(', ')}${note(unknown)}`);
}

export function readMapping(ctx: Context, root: Mapping, key: string, allowed: readonly string[], note?: (key: string) => string): Mapping | undefined {
	const map = optional(ctx, root, '', key, mapping(`expected a mapping with ${allowed.join(', ')}`));
	if (map) checkKeys(ctx, key, map, allowed, note);
	return map;
}

export function parseRoot(ctx: Context, source: string): Mapping {
	const document = parseDocument(source);
	let root: unknown;
	try {
		const [error] = document.errors;
		if (error) throw error;
		if (document.contents === null) fail(ctx, undefined, 'the file is empty', documentExpected);
		root = document.toJS();
	} catch (error) {
		if (error instanceof ConfigError) throw error;
		const message = error instanceof Error ? error.message : String(error);
		fail(ctx, undefined, `not valid YAML (${message.split('\n')[0]})`, 'expected a YAML mapping as described in the README', error);
	}
	if (!isMapping(root)) fail(ctx, undefined, `the document is ${kindOf(root)}`, documentExpected);
	return root;
}

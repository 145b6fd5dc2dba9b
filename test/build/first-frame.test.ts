import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import * as tokenizer from '@alcalzone/ansi-tokenize';
import {build, type Plugin} from 'esbuild';
import fc from 'fast-check';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import {firstFramePlugins as plugins, patchPackage as patch} from '../../scripts/build/first-frame.mjs';
// @ts-expect-error: a build script in plain JavaScript, without types
import {narrowText as narrow} from '../../scripts/build/narrow-text.js';

/**
 * What both bundles do to the packages the console's first frame runs (scripts/build/first-frame.mjs): a
 * string-width that answers narrow text at once, Intl.Segmenter built when needed and narrow text split
 * without it, no style diff between equal styles. Each must answer as the package does, for any text.
 */
const firstFramePlugins = plugins as Plugin[];
const patchPackage = patch as (name: string, filter: RegExp, replacements: Array<[string, string]>) => Plugin;
const narrowText = narrow as RegExp;

type Patched = {
	stringWidth: typeof stringWidth;
	sliceAnsi: typeof sliceAnsi;
	tokenize: typeof tokenizer.tokenize;
	styledCharsFromTokens: typeof tokenizer.styledCharsFromTokens;
	styledCharsToString: typeof tokenizer.styledCharsToString;
	diffAnsiCodes: typeof tokenizer.diffAnsiCodes;
};

let directory: string;
let patched: Patched;

/** Bundles `source` with the plugins into the test's directory and imports it. */
async function bundled(name: string, source: string, bundlePlugins: Plugin[]): Promise<unknown> {
	const outfile = join(directory, `${name}.mjs`);
	await build({
		stdin: {contents: source, resolveDir: process.cwd(), loader: 'js'},
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		logLevel: 'silent',
		plugins: bundlePlugins,
		banner: {
			js: "import {createRequire as __testRequire} from 'node:module';const require=__testRequire(import.meta.url);",
		},
	});
	return import(pathToFileURL(outfile).href);
}

beforeAll(async () => {
	directory = await mkdtemp(join(tmpdir(), 'oms-first-frame-'));
	patched = (await bundled(
		'patched',
		[
			"export {default as stringWidth} from 'string-width';",
			"export {default as sliceAnsi} from 'slice-ansi';",
			"export {tokenize, styledCharsFromTokens, styledCharsToString, diffAnsiCodes} from '@alcalzone/ansi-tokenize';",
		].join('\n'),
		firstFramePlugins,
	)) as Patched;
}, 60_000);

afterAll(async () => {
	await rm(directory, {recursive: true, force: true});
});

const narrowCodePoints = Array.from({length: 0x10000}, (_, code) => code).filter(code =>
	narrowText.test(String.fromCharCode(code)),
);

/** Text the panel and the field show: narrow characters, Chinese, emoji, combining marks, controls, and styles. */
const pieces = fc.oneof(
	{weight: 6, arbitrary: fc.constantFrom(...narrowCodePoints).map(code => String.fromCharCode(code))},
	{
		weight: 1,
		arbitrary: fc.constantFrom(
			'区',
			'域',
			'中',
			'ｱ',
			'한',
			'👍',
			'👍🏽',
			'⚡',
			'✅',
			'◽',
			'\u0301',
			'\u200B',
			'\u00AD',
			'\uFE0F',
			'\t',
			'\r\n',
			'\u0007',
			'🇨🇳',
			'1\u20E3',
		),
	},
	{
		weight: 2,
		arbitrary: fc.constantFrom(
			'\u001B[31m',
			'\u001B[39m',
			'\u001B[1m',
			'\u001B[2m',
			'\u001B[22m',
			'\u001B[4m',
			'\u001B[24m',
			'\u001B[7m',
			'\u001B[27m',
			'\u001B[0m',
			'\u001B[38;5;208m',
			'\u001B[48;2;1;2;3m',
			'\u001B[49m',
			'\u001B]8;;https://example.invalid\u0007',
			'\u001B]8;;\u0007',
		),
	},
);
const text = fc.array(pieces, {maxLength: 40}).map(parts => parts.join(''));

describe('the narrow characters', () => {
	it('each take one cell and stand alone as a grapheme, beside each other, an escape or a letter', () => {
		const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
		const count = (value: string) => [...graphemes.segment(value)].length;
		expect(narrowCodePoints.length).toBeGreaterThan(1500);
		const wrong = narrowCodePoints.flatMap(code => {
			const character = String.fromCharCode(code);
			const alone =
				stringWidth(character) === 1 && count(`a${character}a`) === 3 && count(`${character}${character}`) === 2;
			return alone && count(`\u001B${character}\u0007`) === 3 ? [] : [code.toString(16)];
		});
		expect(wrong).toEqual([]);
	});

	it('leave out what is wider, joins or takes no cell', () => {
		for (const character of ['区', '👍', '◽', '\u0301', '\u00AD', '\u200B', '\u200D', '\uFE0F', '\t', '\u001B'])
			expect(narrowText.test(character)).toBe(false);
	});
});

describe('the patched packages answer as the packages do', () => {
	it('string-width', () => {
		fc.assert(
			fc.property(text, value => {
				expect(patched.stringWidth(value)).toBe(stringWidth(value));
			}),
			{numRuns: 3000},
		);
		expect(patched.stringWidth('中文 ✓', {ambiguousIsNarrow: false})).toBe(
			stringWidth('中文 ✓', {ambiguousIsNarrow: false}),
		);
		expect(patched.stringWidth('─·→', {ambiguousIsNarrow: false})).toBe(stringWidth('─·→', {ambiguousIsNarrow: false}));
	});

	it("ansi-tokenize's tokens and the text it makes of them again (Ink's output of every frame)", () => {
		fc.assert(
			fc.property(text, value => {
				expect(patched.tokenize(value)).toEqual(tokenizer.tokenize(value));
				const chars = tokenizer.styledCharsFromTokens(tokenizer.tokenize(value));
				expect(patched.styledCharsFromTokens(patched.tokenize(value))).toEqual(chars);
				expect(patched.styledCharsToString(chars)).toBe(tokenizer.styledCharsToString(chars));
			}),
			{numRuns: 3000},
		);
	});

	it("ansi-tokenize's diff between the styles of any two characters", () => {
		const styles = text.map(value =>
			tokenizer.styledCharsFromTokens(tokenizer.tokenize(value)).map(char => char.styles),
		);
		fc.assert(
			fc.property(styles, styles, (left, right) => {
				for (const from of left)
					for (const to of [...right, ...left])
						expect(patched.diffAnsiCodes(from, to)).toEqual(tokenizer.diffAnsiCodes(from, to));
			}),
			{numRuns: 500},
		);
	});

	it('slice-ansi', () => {
		fc.assert(
			fc.property(text, fc.nat(45), fc.nat(45), (value, start, length) => {
				expect(patched.sliceAnsi(value, start, start + length)).toBe(sliceAnsi(value, start, start + length));
			}),
			{numRuns: 3000},
		);
	});
});

describe('a patch', () => {
	it('fails the build when the package no longer holds the text it replaces', async () => {
		const file = join(directory, 'node_modules', 'changed.js');
		await rm(join(directory, 'node_modules'), {recursive: true, force: true});
		await import('node:fs/promises').then(fs => fs.mkdir(join(directory, 'node_modules'), {recursive: true}));
		await writeFile(file, 'export const value = 2;\n');
		const plugin = patchPackage('example', /changed\.js$/, [['export const value = 1;', 'export const value = 3;']]);
		await expect(bundled('changed', `export {value} from ${JSON.stringify(file)};`, [plugin])).rejects.toThrow(
			/changed\.js no longer holds "export const value = 1;" once: review the example patch/,
		);
	});
});

// What both bundles (dist/vendor, vendor.mjs; the single executable, ../release/bundle.mjs) do to the packages
// the console's first frame runs, so that it spends no time on what its text does not need
// (bench/startup.bench.mjs says where the time went):
// - One string-width. Ink's wrap-ansi brought a string-width 7 of its own beside the string-width 8 of Ink,
//   cli-truncate and the panel; every import of string-width now gets string-width-narrow.js, which answers
//   narrow text (narrow-text.js) at once and loads the real string-width only for other text; its own
//   require gets the package.
// - No Intl.Segmenter before it is needed: the first one a process builds loads ICU's grapheme rules (about
//   12 ms). slice-ansi builds its segmenter when first used; ansi-tokenize (Ink's output, every line of every
//   frame) splits narrow text into its UTF-16 units, which are its graphemes, and builds one for other text.
// - ansi-tokenize's diffAnsiCodes answers "no change" at once when both styles are the same list, as for
//   most neighbouring cells of a frame (it built three sets and two arrays per cell).
// Each patch replaces exact text; the build fails if a package no longer holds it, rather than ship a
// bundle patched wrongly. test/build/first-frame.test.ts checks the patched modules against the packages.
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const require = createRequire(fileURLToPath(new URL('../../package.json', import.meta.url)));
const narrowWidth = fileURLToPath(new URL('string-width-narrow.js', import.meta.url));
const narrowText = fileURLToPath(new URL('narrow-text.js', import.meta.url));

/**
 * An esbuild plugin replacing `from` by `to` in the files `filter` matches; the build fails when a file no
 * longer holds a `from` exactly once, or when `only(contents)` names a use the replacement does not keep.
 */
export function patchPackage(name, filter, replacements, only = () => undefined) {
	return {
		name,
		setup(builder) {
			builder.onLoad({filter}, async args => {
				let contents = await readFile(args.path, 'utf8');
				for (const [from, to] of replacements) {
					if (contents.split(from).length !== 2) throw new Error(`${args.path} no longer holds ${JSON.stringify(from)} once: review the ${name} patch`);
					contents = contents.replace(from, () => to);
				}
				const stray = only(contents);
				if (stray) throw new Error(`${args.path}: ${stray}: review the ${name} patch`);
				return {contents, loader: 'js'};
			});
		},
	};
}

/** Every use of `variable` in `contents` is a call of its segment(); else says which. */
const onlySegmentCalls = variable => contents => {
	const uses = contents.split(variable).length - 1;
	const calls = contents.split(`${variable}.segment(`).length - 1;
	return uses === calls + 1 ? undefined : `${variable} is used otherwise than by ${variable}.segment()`;
};

const oneStringWidth = {
	name: 'one-string-width',
	setup(builder) {
		builder.onResolve({filter: /^string-width$/}, args => ({path: args.importer === narrowWidth ? require.resolve('string-width') : narrowWidth}));
	},
};

const lazySegmenter = (variable, options) =>
	`let builtSegmenter; const ${variable} = {segment: text => (builtSegmenter ??= new Intl.Segmenter(undefined, ${options})).segment(text)};`;

const sliceAnsiSegmenterWhenUsed = patchPackage(
	'slice-ansi-segmenter-when-used',
	/[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
	[["const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});", lazySegmenter('GRAPHEME_SEGMENTER', "{granularity: 'grapheme'}")]],
	onlySegmentCalls('GRAPHEME_SEGMENTER'),
);

const tokenizeNarrowText = patchPackage(
	'ansi-tokenize-narrow-text',
	/[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
	[
		[
			'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
			`import {narrowTextWithEscapes} from ${JSON.stringify(narrowText)};
let builtSegmenter;
const segmenter = {segment: str => narrowTextWithEscapes.test(str) ? Array.from(str, (segment, index) => ({segment, index})) : (builtSegmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(str)};`,
		],
	],
	onlySegmentCalls('segmenter'),
);

const sameStylesNoDiff = patchPackage('ansi-tokenize-same-styles', /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/, [
	[
		'export function diffAnsiCodes(from, to) {\n',
		'export function diffAnsiCodes(from, to) {\n    if (from.length === to.length && from.every((code, index) => code.code === to[index].code && code.endCode === to[index].endCode)) return [];\n',
	],
]);

/** The plugins both bundles add. */
export const firstFramePlugins = [oneStringWidth, sliceAnsiSegmenterWhenUsed, tokenizeNarrowText, sameStylesNoDiff];

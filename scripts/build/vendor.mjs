#!/usr/bin/env node
// npm run build, after tsc: the packages the console's first frame loads (Ink and React with what they
// import, zustand, ink-spinner, and zod, yaml and string-width) bundled into dist/vendor/, and dist's imports
// of them pointed there. Node 20
// loads Ink as about 400 module files (es-toolkit/compat alone is 336), and opening, reading and compiling
// each took most of the source build's time to the first frame (bench/startup.bench.mjs); one bundle with
// shared chunks loads in a few files. One copy of React serves Ink, ink-spinner, zustand and the panel.
// React's development or production build is still chosen when it loads (process.env.NODE_ENV), as before.
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {firstFramePlugins} from './first-frame.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const vendor = join(dist, 'vendor');
const require = createRequire(join(root, 'package.json'));

/** Each bundled package: its import specifier, the vendor module's name, and the re-export that names its exports. */
const commonJsExports = specifier => {
	const names = Object.keys(require(specifier)).filter(name => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
	return `export {${names.join(', ')}} from '${specifier}';\nexport {default} from '${specifier}';\n`;
};
const packages = [
	{specifier: 'ink', name: 'ink', source: "export * from 'ink';\n"},
	{specifier: 'ink-spinner', name: 'ink-spinner', source: "export {default} from 'ink-spinner';\n"},
	{specifier: 'react', name: 'react', source: commonJsExports('react')},
	{specifier: 'react/jsx-runtime', name: 'react-jsx-runtime', source: "export {jsx, jsxs, Fragment} from 'react/jsx-runtime';\n"},
	{specifier: 'zustand', name: 'zustand', source: "export * from 'zustand';\n"},
	{specifier: 'zustand/vanilla', name: 'zustand-vanilla', source: "export * from 'zustand/vanilla';\n"},
	{specifier: 'zustand/middleware', name: 'zustand-middleware', source: "export * from 'zustand/middleware';\n"},
	{specifier: 'cli-spinners', name: 'cli-spinners', source: "export {default} from 'cli-spinners';\n"},
	// What the first frame reads the plan with (zod alone is about 95 module files) and fits text by (the same
	// string-width Ink uses: one copy, with the fast path of first-frame.mjs).
	{specifier: 'zod', name: 'zod', source: "export * from 'zod';\n"},
	{specifier: 'yaml', name: 'yaml', source: commonJsExports('yaml')},
	{specifier: 'string-width', name: 'string-width', source: "export {default} from 'string-width';\n"},
];

/** Ink's `yoga-layout`, loaded without fetch (yoga-layout.js beside this file). */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(builder) {
		builder.onResolve({filter: /^yoga-layout$/}, () => ({path: join(root, 'scripts/build/yoga-layout.js')}));
	},
};

rmSync(vendor, {recursive: true, force: true});
const entries = join(vendor, '.entries');
mkdirSync(entries, {recursive: true});
for (const entry of packages) writeFileSync(join(entries, `${entry.name}.js`), entry.source);
await build({
	entryPoints: packages.map(entry => join(entries, `${entry.name}.js`)),
	outdir: vendor,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	keepNames: true,
	legalComments: 'none',
	logLevel: 'warning',
	nodePaths: [join(root, 'node_modules')],
	plugins: [yogaWithoutFetch, ...firstFramePlugins],
	// Ink imports React DevTools only when DEV=true: left to load from node_modules then, as before.
	external: ['react-devtools-core'],
	// CommonJS inside an ES module bundle: its require() of Node's built-in modules needs a require.
	banner: {js: "import {createRequire as __vendorRequire} from 'node:module';const require=__vendorRequire(import.meta.url);"},
});
rmSync(entries, {recursive: true, force: true});

/** Every .js file of dist/ outside vendor/. */
const files = directory =>
	readdirSync(directory, {withFileTypes: true}).flatMap(item => {
		const path = join(directory, item.name);
		if (item.isDirectory()) return path === vendor ? [] : files(path);
		return item.name.endsWith('.js') ? [path] : [];
	});
let pointed = 0;
for (const file of files(dist)) {
	const text = readFileSync(file, 'utf8');
	let changed = text;
	for (const entry of packages) {
		const target = relative(dirname(file), join(vendor, `${entry.name}.js`));
		const path = target.startsWith('.') ? target : `./${target}`;
		for (const quote of ["'", '"'])
			changed = changed.replaceAll(`from ${quote}${entry.specifier}${quote}`, `from ${quote}${path}${quote}`);
	}
	if (changed !== text) {
		writeFileSync(file, changed);
		pointed += 1;
	}
}
if (pointed === 0) throw new Error('no module of dist/ imports Ink, React or zustand: review scripts/build/vendor.mjs');

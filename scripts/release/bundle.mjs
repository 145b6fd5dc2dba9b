// Bundles the program into one CommonJS script for a Node 20 single executable (see release.mjs).
import {readFile} from 'node:fs/promises';
import {builtinModules} from 'node:module';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {firstFramePlugins, patchPackage} from '../build/first-frame.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Ink imports `yoga-layout`, whose top-level await CommonJS cannot hold: use the preloaded stand-in. */
const yogaPreloaded = {
	name: 'yoga-preloaded',
	setup(builder) {
		builder.onResolve({filter: /^yoga-layout$/}, () => ({path: `${here}yoga-preloaded.js`}));
	},
};

/**
 * Ink's reconciler has two more top-level awaits, both only when DEV=true (React DevTools and Ink's own
 * package.json for them). The executable has no DevTools: those branches go. The build fails if Ink
 * changes this code, rather than shipping a bundle that was patched wrongly.
 */
const inkWithoutDevtools = patchPackage('ink-without-devtools', /[\\/]ink[\\/]build[\\/]reconciler\.js$/, [
	["await import('./devtools.js');", 'void 0; // React DevTools are not part of the single executable'],
	['? await loadPackageJson()', "? {name: 'ink', version: undefined}"],
]);

/**
 * Optional modules the executable leaves out, each required inside try/catch by a dependency that works
 * without it: native addons (ssh2, via dockerode → docker-modem, requires its crypto binding and
 * cpu-features, and falls back to pure JavaScript), mysql2's query highlighter (cardinal) and debug's
 * supports-color (neither installed). Left as plain require() calls they would reach the executable's
 * require, which loads built-in modules only and warns on stderr; this module throws as a missing module
 * does, whether or not the addon was compiled on the build machine.
 */
const optionalModulesLeftOut = {
	name: 'optional-modules-left-out',
	setup(builder) {
		builder.onResolve({filter: /\.node$|^(cpu-features|cardinal|supports-color)$/}, args => ({path: args.path, namespace: 'left-out'}));
		builder.onLoad({filter: /.*/, namespace: 'left-out'}, args => ({
			contents: `throw Object.assign(new Error(${JSON.stringify(`${args.path} is not part of the single executable`)}), {code: 'MODULE_NOT_FOUND'});`,
			loader: 'js',
		}));
	},
};

/** Fails the build if the bundle still requires anything but Node's built-in modules. */
async function checkOnlyBuiltinsRequired(outfile) {
	const builtins = new Set(builtinModules.flatMap(name => [name, `node:${name}`]));
	const required = [...(await readFile(outfile, 'utf8')).matchAll(/\brequire\("([^"]+)"\)/g)].map(match => match[1]);
	const strays = [...new Set(required.filter(name => !builtins.has(name)))];
	if (strays.length > 0) throw new Error(`the bundle requires modules a single executable cannot load: ${strays.join(', ')}`);
}

/**
 * Writes `outfile`; returns esbuild's metafile (inputs and their sizes). `entry` is the single executable's
 * (sea-main.js) unless a bench bundles another program the same way.
 */
export async function bundle(outfile, entry = `${here}sea-main.js`) {
	const result = await build({
		entryPoints: [entry],
		outfile,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		minify: true,
		keepNames: true,
		legalComments: 'none',
		metafile: true,
		logLevel: 'warning',
		plugins: [yogaPreloaded, inkWithoutDevtools, optionalModulesLeftOut, ...firstFramePlugins],
		// React's production build, decided at build time.
		define: {'process.env.NODE_ENV': '"production"', 'import.meta.url': '__importMetaUrl'},
		// In a single executable __filename is the executable: asset paths resolve against it, and
		// source/assets.ts reads from the embedded copy instead.
		banner: {js: 'var __importMetaUrl = require("node:url").pathToFileURL(__filename).href;'},
	});
	await checkOnlyBuiltinsRequired(outfile);
	return result.metafile;
}

// Ink's wrap-ansi brings a string-width 7 of its own beside the string-width 8 that Ink, cli-truncate and the
// panel use: two copies, each building an Intl.Segmenter and its Unicode expressions as it loads, about
// 13 ms before the console's first frame (bench/startup.bench.mjs). The bundles (dist/vendor and the single
// executable) give wrap-ansi the same copy: its one call, stringWidth(text), means the same in both, and
// Ink then wraps lines by the widths the panel fits them by.
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const require = createRequire(fileURLToPath(new URL('../../package.json', import.meta.url)));

export const oneStringWidth = {
	name: 'one-string-width',
	setup(builder) {
		builder.onResolve({filter: /^string-width$/}, args =>
			/[\\/]node_modules[\\/]wrap-ansi[\\/]/.test(args.importer) ? {path: require.resolve('string-width')} : undefined,
		);
	},
};

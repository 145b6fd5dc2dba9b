// Makes the single executable's code cache (see sea-loader.cjs): runs the bundle's console, in a terminal
// release.mjs opens with script(1), on a plan whose one node has no Docker engine, and writes V8's code
// cache of the bundle once the first frame is drawn (Ink ends each frame with the end of a synchronized
// update, ESC [?2026l). It then exits: the console would only report that it cannot reach the node.
// Usage: node code-cache.cjs BUNDLE CACHE PLAN
'use strict';
const {readFileSync, writeFileSync} = require('node:fs');
const {dirname} = require('node:path');
const {compileBundle} = require('./sea-loader.cjs');

const [bundle, cache, plan] = process.argv.slice(2);
const script = compileBundle(readFileSync(bundle, 'utf8'));
const write = process.stdout.write.bind(process.stdout);
let made = false;
process.stdout.write = (chunk, ...rest) => {
	const written = write(chunk, ...rest);
	// Once: what the console writes as it exits passes here too.
	if (!made && String(chunk).includes('\u001B[?2026l')) {
		made = true;
		writeFileSync(cache, script.createCachedData());
		process.exit(0);
	}
	return written;
};
// The bundle reads its arguments as the executable would be given them.
process.argv = [process.argv[0], bundle, 'console', '-c', plan];
script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));

// Runs a bundle as the single executable's loader does (scripts/release/sea-loader.cjs): compiled with the
// code cache beside it. Usage: node run-bundle.cjs BUNDLE CACHE [ARGS...]
'use strict';
const {readFileSync} = require('node:fs');
const {dirname} = require('node:path');
const {compileBundle} = require('../../scripts/release/sea-loader.cjs');

const [bundle, cache] = process.argv.slice(2);
const script = compileBundle(readFileSync(bundle, 'utf8'), readFileSync(cache));
if (script.cachedDataRejected) throw new Error(`${cache}: V8 rejected the code cache`);
process.argv = [process.argv[0], bundle, ...process.argv.slice(4)];
script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));

// The single executable's main, not bundled: it compiles the bundle (the SEA asset oms-upgrade.cjs, built
// from sea-main.js) with a V8 code cache made by running the console to its first frame (the asset
// oms-upgrade.cache, code-cache.cjs), and runs it. Node's own SEA code cache (useCodeCache) is made by
// compiling the script without running it, so it holds only the functions V8 compiles eagerly; every
// function the first frame calls was still compiled at each start (about 60 ms on the lab,
// bench/startup.bench.mjs). A cache V8 does not accept (another Node.js, other V8 flags) is ignored and the
// bundle compiled as usual. Required by code-cache.cjs for compileBundle only: it runs the bundle only as
// the single executable's main.
'use strict';
const {Script} = require('node:vm');

/** The bundle as a function of CommonJS's five names: the same text when the cache is made and when it is used. */
function compileBundle(source, cachedData) {
	return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
		filename: 'oms-upgrade.cjs',
		cachedData,
	});
}

module.exports = {compileBundle};

const sea = require('node:sea');
if (sea.isSea()) {
	const script = compileBundle(sea.getAsset('oms-upgrade.cjs', 'utf8'), Buffer.from(sea.getAsset('oms-upgrade.cache')));
	if (process.env.OMS_UPGRADE_CODE_CACHE === 'show') process.stderr.write(`code cache ${script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
	script.runInThisContext()(module.exports, require, module, __filename, __dirname);
}

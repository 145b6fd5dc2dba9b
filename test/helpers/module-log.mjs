// Preloaded by `node --import` (test/startup/lazy-loading.test.ts): appends to the file MODULE_LOG the URL
// of every module the process loads through the ES module loader (a load hook: our modules, the ESM
// packages, and the entry of each CommonJS package such as dockerode or mysql2), one per line, and the
// line `stdout: MARK` at the first write to stdout holding MODULE_LOG_MARK. A module imported after that
// write is logged after that line: the hook runs before the module it loads is evaluated. After that line
// comes `deps: ...`, the Node.js internal dependencies loaded by then (undici, behind the global fetch).
import {appendFileSync} from 'node:fs';
import {register} from 'node:module';

const log = process.env.MODULE_LOG;
if (!log) throw new Error('module-log.mjs needs MODULE_LOG, the file to append to');

const hooks = `
import {appendFileSync} from 'node:fs';
let log;
export function initialize(data) {
	log = data.log;
}
export async function load(url, context, nextLoad) {
	appendFileSync(log, url + '\\n');
	return nextLoad(url, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, {data: {log}});

const mark = process.env.MODULE_LOG_MARK;
if (mark) {
	const write = process.stdout.write.bind(process.stdout);
	let marked = false;
	process.stdout.write = (chunk, ...rest) => {
		if (!marked && String(chunk).includes(mark)) {
			marked = true;
			const deps = process.moduleLoadList.flatMap(name => /^NativeModule internal\/deps\/(.+)$/.exec(name)?.[1] ?? []);
			appendFileSync(log, `stdout: ${mark}\ndeps: ${deps.join(' ')}\n`);
		}
		return write(chunk, ...rest);
	};
}

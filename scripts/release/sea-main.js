// Entry of the single executable (bundled to one CommonJS script by bundle.mjs). Ink's layout engine
// loads asynchronously, so the program is imported only after it is ready: the bundler keeps the
// dynamic import as a lazily evaluated module, in the same file.
import {prepareProcess} from '../../source/process-setup.js';
import {initYoga} from './yoga-preloaded.js';

const argv = process.argv.slice(2);
prepareProcess(argv);

async function start() {
	await initYoga();
	const {main} = await import('../../source/cli.js');
	process.exitCode = await main(argv);
}

start().catch(error => {
	process.stderr.write(`oms-upgrade: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});

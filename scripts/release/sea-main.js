// Entry of the single executable (bundled to one CommonJS script by bundle.mjs). Ink's layout engine
// loads asynchronously, so the console's modules are imported only after it is ready (main's
// beforeConsole); the bundler keeps each command's dynamic import as a lazily evaluated module in the
// same file, so `--version` and the commands without the console load neither Yoga nor Ink.
import {prepareProcess} from '../../source/process-setup.js';
import {initYoga} from './yoga-preloaded.js';

const argv = process.argv.slice(2);

/** The lab's daemons the executable runs as itself (source/lab/metadb-server.ts obProxyCommand says which). */
async function labDaemon(name) {
	if (name !== 'ob-proxy') throw new Error(`OMS_UPGRADE_LAB_DAEMON=${name} names no lab daemon of this executable`);
	const {runObProxy} = await import('../../source/lab/ob-proxy.js');
	await runObProxy(argv);
}

async function start() {
	const {main} = await import('../../source/cli.js');
	process.exitCode = await main(argv, {beforeConsole: initYoga});
}

const daemon = process.env.OMS_UPGRADE_LAB_DAEMON;
if (!daemon) prepareProcess(argv);
(daemon ? labDaemon(daemon) : start()).catch(error => {
	process.stderr.write(`oms-upgrade: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});

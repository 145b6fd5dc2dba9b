import {readFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {render} from 'ink';
import {longestPendingCall} from '../adapters/call-tracker.js';
import {watchSshConnections} from '../adapters/ssh-tunnels.js';
import type {CliArgs} from '../cli-args.js';
import {discover} from '../config/discover-cluster.js';
import {loadPlan} from '../config/load-plan.js';
import {resolvePlan} from '../config/resolve-plan.js';
import {ConfigError} from '../domain/errors.js';
import {ConsoleController} from '../engine/console-controller.js';
import {EventBus} from '../engine/events.js';
import {readJournal} from '../engine/journal.js';
import {inspectNode} from '../engine/node-inspection.js';
import {reportFile} from '../engine/report.js';
import {startStatusPoller} from '../engine/status-poller.js';
import {livePorts} from '../adapters/live-ports.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import {initialPanelState, resumeQuestion} from '../store/initial-state.js';
import {createPanelStore, type PanelStore} from '../store/panel-store.js';
import {summaryFromReport} from '../store/run-summary.js';
import {nextStepIndex} from '../store/step-reducer.js';
import type {RunOutcome} from '../engine/events.js';
import {App} from '../ui/app.js';
import type {PanelController} from '../ui/dispatch.js';
import {onOutputClosed, type Output} from './output.js';
import {endAfterHangup, enterAlternateScreen, routeConsoleToLog} from './terminal.js';

/** `console`: the full-screen panel over the same engine as `run`. */
export async function consoleCommand(args: CliArgs, out: Output): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new ConfigError('the console needs a terminal on stdin and stdout.', {hint: 'Use `oms-upgrade run` (line output, --yes for no questions) in scripts and pipes.'});
	}
	const plan = await loadPlan(resolve(args.config));
	out.line(`oms-upgrade: discovering ${plan.nodes.length} node(s) of ${plan.name}…`);
	const model = resolvePlan(await discover(plan));
	const journal = await readJournal(plan.workdir);
	const store = createPanelStore(initialPanelState(model, journal, upgradeSteps, rollbackSteps));
	const bus = new EventBus();
	bus.subscribe(event => store.getState().applyEvent(event));
	let command: 'run' | 'rollback' = 'run';
	bus.subscribe(event => {
		if (event.type === 'run-started') command = event.command;
		// report.json is written before run-finished is published: the summary reads what the run recorded.
		if (event.type === 'run-finished') void showSummary(store, plan.workdir, command, opensSummary(event.outcome, command, store));
	});
	const controller = new ConsoleController(plan, bus, {ask: question => store.getState().ask(question), say: message => store.getState().say(message)});
	const panel: PanelController = {
		get busy() {
			return controller.busy;
		},
		runStep: step => controller.runStep(step),
		runFrom: step => controller.runFrom(step),
		rollback: () => controller.rollback(),
		answer: yes => controller.answer(yes),
		interrupt: () => controller.interrupt(),
		inspectNode: host => void inspectNode(model, host).then(found => store.getState().setInspection(host, found)),
	};
	const question = resumeQuestion(journal, upgradeSteps);
	if (question) {
		store.getState().ask(question);
		store.setState({overlay: 'resume'});
	}
	const poller = startStatusPoller(livePorts(model).connectMetadb, model, statuses => {
		for (const status of statuses) {
			const {host, ...live} = status;
			store.getState().setNode(host, live);
		}
	});
	const unwatch = watchSshConnections(change => {
		store.getState().setNode(change.node, {ssh: change.state});
		store.getState().note(change.text, change.state === 'connected' ? 'info' : 'warn');
	});
	const clock = setInterval(() => {
		const call = longestPendingCall(2000);
		const waiting = call ? `waiting ${Math.round((Date.now() - call.since) / 1000)}s on ${call.node}: ${call.action} (q or Ctrl-C stops after it; every call has a deadline)` : null;
		store.getState().tick(Date.now(), waiting);
	}, 1000);
	const restoreConsole = routeConsoleToLog((text, level) => store.getState().note(text, level));
	const screen = enterAlternateScreen();
	const instance = render(<App store={store} controller={panel} />, {exitOnCtrlC: false, patchConsole: false});
	let hungUp = false;
	let stopping = false;
	const stopOnSignal = (signal: NodeJS.Signals) => {
		if (signal === 'SIGHUP') hungUp = true;
		if (stopping) return;
		stopping = true;
		// SSH gone (SIGHUP, or the terminal answering EIO) or asked to stop (SIGTERM): the current call finishes, the journal records it.
		store.getState().note(`${signal}: stopping after the current call`, 'warn');
		void controller.interrupt().catch(() => undefined).finally(() => instance.unmount());
	};
	process.on('SIGTERM', stopOnSignal);
	process.on('SIGHUP', stopOnSignal);
	const offClosed = onOutputClosed(() => stopOnSignal('SIGHUP'));
	try {
		await instance.waitUntilExit();
		await controller.interrupt();
	} finally {
		process.off('SIGTERM', stopOnSignal);
		process.off('SIGHUP', stopOnSignal);
		offClosed();
		clearInterval(clock);
		unwatch();
		await poller.stop();
		restoreConsole();
		screen.restore();
	}
	if (hungUp) endAfterHangup();
	const outcome = store.getState().message;
	if (outcome) out.line(`oms-upgrade: ${outcome}`);
	// The same exit code as `run` or `rollback` for the same outcome (0 when nothing ran).
	return controller.lastExitCode;
}

/** Opens the end-of-run panel from report.json; a report that cannot be read is said in the log instead. */
async function showSummary(store: PanelStore, workdir: string, command: 'run' | 'rollback', open: boolean): Promise<void> {
	const file = reportFile(workdir);
	try {
		store.getState().showSummary(summaryFromReport(JSON.parse(await readFile(file, 'utf8')) as Parameters<typeof summaryFromReport>[0], command, workdir, file), open);
	} catch (error) {
		store.getState().note(`no summary: ${file} cannot be read (${(error as Error).message})`, 'warn');
	}
}

/**
 * The summary opens by itself when there is an ending to read: the upgrade complete, a rollback, a
 * failure or an interruption. One step run with enter, or a refusal (said in the footer), keeps it for `s`.
 */
function opensSummary(outcome: RunOutcome, command: 'run' | 'rollback', store: PanelStore): boolean {
	if (outcome === 'paused' || outcome === 'refused') return false;
	return !(outcome === 'succeeded' && command === 'run' && nextStepIndex(store.getState().steps) !== -1);
}

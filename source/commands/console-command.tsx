import {resolve} from 'node:path';
import {render} from 'ink';
import {longestPendingCall} from '../adapters/call-tracker.js';
import type {CliArgs} from '../cli-args.js';
import {loadPlan} from '../config/load-plan.js';
import {resolvePlan, type UpgradeModel} from '../config/resolve-plan.js';
import {ConfigError, describeError} from '../domain/errors.js';
import type {ConsoleController} from '../app/console-controller.js';
import {stateWords} from '../engine/attempt-state.js';
import {EventBus, now} from '../domain/events.js';
import {readJournal} from '../adapters/journal-file.js';
import {readStepLines} from '../adapters/run-log-reader.js';
import {inspectNode} from '../engine/node-inspection.js';
import {currentStartMarks} from '../engine/step-outputs.js';
import {startStatusPoller} from '../engine/status-poller.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import {
	followedState,
	initialPanelState,
	openingPanelState,
	resumeQuestion,
	viewDefaults,
} from '../store/initial-state.js';
import {followJournal} from '../app/journal-follower.js';
import {otherRunHolding} from '../adapters/run-lock.js';
import {createPanelStore, quitQuestionClosed} from '../store/panel-store.js';
import {App} from '../ui/app.js';
import {panelRenderOptions} from '../ui/render-options.js';
import {heldText, type PanelController} from '../ui/dispatch.js';
import {opensSummary, showSummary} from './console-summary.js';
import {onOutputClosed, type Output} from './output.js';
import {endAfterHangup, enterAlternateScreen, routeConsoleToLog} from './terminal.js';

/** `console`: the full-screen panel over the same engine as `run`. */
export async function consoleCommand(args: CliArgs, out: Output): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new ConfigError('the console needs a terminal on stdin and stdout.', {
			hint: 'Use `oms-upgrade run` (line output, --yes for no questions) in scripts and pipes.',
		});
	}
	const plan = await loadPlan(resolve(args.config));
	const journal = await readJournal(plan.workdir);
	// The panel draws at once from the plan and the journal; the nodes fill in when discovery has read them.
	const store = createPanelStore(openingPanelState(plan, journal, upgradeSteps, rollbackSteps));
	const discoveringText = `discovering ${plan.nodes.length} node(s) of ${plan.name}…`;
	// Said on the normal screen too: it stays in the scrollback after the console leaves the alternate screen.
	out.line(`oms-upgrade: ${discoveringText}`);
	store.getState().say(discoveringText);
	// Opened while another run holds the plan: said at once, before the nodes are read.
	const heldAtOpen = await otherRunHolding(plan.workdir).catch(() => undefined);
	if (heldAtOpen) {
		const text = heldText(heldAtOpen);
		store.setState({heldBy: heldAtOpen});
		store.getState().say(text);
		out.line(`oms-upgrade: ${text}`);
	}
	let live: Live | null = null;
	const notYet = () =>
		store
			.getState()
			.say(`still discovering ${plan.nodes.length} node(s) of ${plan.name}; nothing runs before every node is read`);
	// While another process's run holds the plan, the console follows it and starts nothing.
	const held = () => {
		const {heldBy} = store.getState();
		if (heldBy) store.getState().say(heldText(heldBy));
		return heldBy !== null;
	};
	const act = (work: (controller: ConsoleController) => void) =>
		held() ? undefined : live ? work(live.controller) : notYet();
	const panel: PanelController = {
		get busy() {
			return live?.controller.busy ?? false;
		},
		runStep: step => act(controller => controller.runStep(step)),
		runFrom: step => act(controller => controller.runFrom(step)),
		rollback: () => act(controller => controller.rollback()),
		answer: yes => live?.controller.answer(yes),
		interrupt: () => live?.controller.interrupt() ?? Promise.resolve(),
		inspectNode: host => {
			const model = live?.model;
			if (!model) return;
			inspectNode(model, host, node => readStepLines(model.plan.workdir, 'init', node))
				.then(found => store.getState().setInspection(host, found))
				.catch((error: unknown) => store.getState().note(`cannot read node ${host}: ${describeError(error)}`, 'error'));
		},
	};
	const restoreConsole = routeConsoleToLog((text, level) => store.getState().note(text, level));
	const screen = enterAlternateScreen();
	const instance = render(<App store={store} controller={panel} />, panelRenderOptions);
	const exited = instance.waitUntilExit();
	let model: UpgradeModel | null;
	// q or Ctrl-C before the cluster's modules have loaded: discovery does not start at all. Started after the
	// console had returned, it would open SSH connections after the command closed them, and the process
	// would never end.
	let leaving = false;
	void exited.then(() => (leaving = true));
	const cluster = clusterModules();
	try {
		const discovered = cluster.then(({discoverLive}) => {
			if (leaving) throw new Error('the console was closed before discovery started');
			return discoverLive(plan);
		});
		const discovering = discovered.then(resolvePlan);
		discovering.catch(() => undefined);
		// The downtime forecast (`d`) once the nodes are read: the MetaDB's sizes now and earlier attempts' times.
		discovered.then(
			async discovery => {
				try {
					const forecast = await (await cluster).liveForecast(discovery, journal);
					store.setState(state => ({forecast: state.forecast ?? forecast}));
				} catch (error) {
					store.getState().note(`no downtime forecast: ${describeError(error)}`, 'warn');
				}
			},
			// A discovery that fails is said where the console waits on it, below.
			() => undefined,
		);
		// q or Ctrl-C while the nodes are read leaves at once: nothing has run.
		model = await Promise.race([discovering, exited.then(() => null)]);
	} catch (error) {
		instance.unmount();
		restoreConsole();
		screen.restore();
		throw error;
	}
	if (model === null) {
		restoreConsole();
		screen.restore();
		return 0;
	}
	const loaded = await cluster;
	// What discovery found replaces the opening's `…`; what the operator did meanwhile (a selection, a view) stays.
	const found = initialPanelState(model, journal, upgradeSteps, rollbackSteps);
	store.setState(state => ({
		...found,
		...Object.fromEntries(Object.keys(viewDefaults).map(key => [key, state[key as keyof typeof viewDefaults]])),
		mode: found.mode,
		message: state.message === discoveringText ? null : state.message,
		heldBy: state.heldBy,
	}));
	const bus = new EventBus();
	bus.subscribe(event => store.getState().applyEvent(event));
	let command: 'run' | 'rollback' = 'run';
	bus.subscribe(event => {
		if (event.type === 'run-started') command = event.command;
		// report.json is written before run-finished is published: the summary reads what the run recorded.
		if (event.type === 'run-finished')
			void showSummary(store, plan.workdir, command, opensSummary(event.outcome, command, store));
	});
	const controller = new loaded.ConsoleController(plan, bus, {
		ask: (question, about) => store.getState().ask(question, about),
		say: message => store.getState().say(message),
		quitQuestionClosed: () => quitQuestionClosed(store),
	});
	live = {controller, model};
	const heldAtStart = await otherRunHolding(plan.workdir).catch(() => undefined);
	const question = heldAtStart ? undefined : resumeQuestion(journal, upgradeSteps);
	if (question) {
		store.getState().ask(question);
		store.setState({overlay: 'resume'});
	}
	const poller = startStatusPoller(
		loaded.livePorts(model).connectMetadb,
		model,
		statuses => {
			for (const status of statuses) {
				const {host, ...found} = status;
				store.getState().setNode(host, found);
			}
		},
		2000,
		// Read each poll: the marks change with start-new and rb-start-old, whichever process runs them.
		async () => currentStartMarks(await readJournal(plan.workdir)),
	);
	const unwatch = loaded.watchSshConnections(change => {
		store.getState().setNode(change.node, {ssh: change.state});
		store.getState().note(change.text, change.state === 'connected' ? 'info' : 'warn');
	});
	// A run made elsewhere (headless, another console), or the end of this console's own rollback, shows in
	// the checklist and the header as the journal and the lock say, while this console runs nothing.
	const unfollow = followJournal(
		plan.workdir,
		() => !controller.busy,
		({journal: now, heldBy}) => {
			const before = store.getState();
			store.setState({...followedState(before, now, upgradeSteps, rollbackSteps), heldBy: heldBy ?? null});
			if ((heldBy ?? null) !== before.heldBy) {
				const text = heldBy
					? heldText(heldBy)
					: before.heldBy
						? `the run of ${before.heldBy} ended; the console can act again`
						: null;
				if (text) {
					store.getState().note(text, heldBy ? 'warn' : 'info');
					store.getState().say(text);
				}
			}
		},
	);
	const clock = setInterval(() => {
		const call = longestPendingCall(2000);
		const waiting = call
			? `waiting ${Math.round((Date.now() - call.since) / 1000)}s on ${call.node}: ${call.action} (q or Ctrl-C stops after it; every call has a deadline)`
			: null;
		store.getState().tick(Date.now(), waiting);
	}, 1000);
	let hungUp = false;
	let stopping = false;
	const stopOnSignal = (signal: NodeJS.Signals) => {
		if (signal === 'SIGHUP') hungUp = true;
		if (stopping) return;
		stopping = true;
		// SSH gone (SIGHUP, or the terminal answering EIO) or asked to stop (SIGTERM): the current call finishes, the
		// journal records it.
		const why = signal === 'SIGHUP' ? 'the terminal session was lost (SIGHUP)' : `${signal} received`;
		// Through the bus: the panel shows it and, while a run is going, its run log keeps it.
		bus.emit({
			type: 'log',
			at: now(),
			step: null,
			node: null,
			level: 'warn',
			text: `${why}: stopping after the current call`,
		});
		void controller
			.interrupt(why)
			.catch(() => undefined)
			.finally(() => instance.unmount());
	};
	process.on('SIGTERM', stopOnSignal);
	process.on('SIGHUP', stopOnSignal);
	const offClosed = onOutputClosed(() => stopOnSignal('SIGHUP'));
	try {
		await exited;
		await controller.interrupt();
	} finally {
		process.off('SIGTERM', stopOnSignal);
		process.off('SIGHUP', stopOnSignal);
		offClosed();
		clearInterval(clock);
		unfollow();
		unwatch();
		await poller.stop();
		restoreConsole();
		screen.restore();
	}
	if (hungUp) endAfterHangup();
	// Outside the console its keys mean nothing: the outcome is said as `run` would say it.
	const outcome = store.getState().commandLineMessage;
	if (outcome) out.line(`oms-upgrade: ${outcome}`);
	// Quitting between steps says what stays changed too (a run's own outcome already said it).
	const left = stateWords(await readJournal(plan.workdir).catch(() => undefined));
	const said = outcome !== null && left !== undefined && outcome.includes(left.slice(0, left.indexOf(':') + 1));
	if (left && !said) out.line(`oms-upgrade: ${left}`);
	// The same exit code as `run` or `rollback` for the same outcome (0 when nothing ran).
	return controller.lastExitCode;
}

/** What the panel drives once discovery has read every node. */
type Live = {readonly controller: ConsoleController; readonly model: UpgradeModel};

/**
 * What reads and drives the cluster, with dockerode, mysql2 and execa under it: imported once the panel's
 * first frame is drawn, so the operator sees the panel while these load (test/startup/lazy-loading.test.ts).
 */
async function clusterModules() {
	const [discovery, controller, ports, ssh, forecast] = await Promise.all([
		import('../app/discovery.js'),
		import('../app/console-controller.js'),
		import('../adapters/live-ports.js'),
		import('../adapters/ssh-tunnels.js'),
		import('../app/forecast.js'),
	]);
	return {
		liveForecast: forecast.liveForecast,
		discoverLive: discovery.discoverLive,
		ConsoleController: controller.ConsoleController,
		livePorts: ports.livePorts,
		watchSshConnections: ssh.watchSshConnections,
	};
}

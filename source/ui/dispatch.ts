import type {PanelState} from '../store/panel-state.js';
import type {PanelStore} from '../store/panel-store.js';
import {nextStepIndex} from '../store/step-reducer.js';
import type {PanelCommand} from './key-map.js';
import {cursorIndex} from './log-pane.js';
import {lineDetail, shownLog} from './log-select.js';

/** What the panel needs from the engine side; the console controller provides it. */
export type PanelController = {
	readonly busy: boolean;
	readonly runStep: (step: string) => void;
	readonly runFrom: (step: string) => void;
	readonly rollback: () => void;
	readonly answer: (yes: boolean) => void;
	readonly interrupt: () => Promise<void>;
	/** Reads a node's containers and logs for the node view; the answer arrives in the store. */
	readonly inspectNode?: (host: string) => void;
};

/** What the console says while another process's run holds the plan: it runs nothing until that run ends. */
export const heldText = (holder: string) =>
	`read-only: the run of ${holder} holds this plan; the console follows its journal and can act again when it ends`;

/**
 * No attempt is open: no step of the upgrade or of a rollback has run or runs now. The rollback's typed question
 * would only end in the engine's "nothing to roll back".
 */
const nothingToRollBack = (state: PanelState): boolean =>
	state.running === null &&
	state.past === null &&
	[...state.steps, ...state.rollback].every(step => step.status === 'pending');

/** What the screen knows that the keys need: how far the open view can scroll. */
type ViewLimits = {readonly scrollMax: number};

/** Carries out a key's command: view changes on the store, work through the controller. */
export function dispatch(
	command: PanelCommand,
	store: PanelStore,
	controller: PanelController,
	exit: () => void,
	limits: ViewLimits = {scrollMax: 0},
): void {
	const state = store.getState();
	const next = nextStepIndex(state.steps);
	switch (command.type) {
		case 'run-next':
		case 'run-all':
		case 'retry': {
			// From the end-of-run view or another view over the panel: the view closes, the checklist shows the work.
			if (state.overlay !== null) state.close();
			if (state.mode === 'rollback') {
				controller.rollback();
				return;
			}
			const step = state.steps[next];
			if (!step) {
				state.say('the upgrade is complete; nothing to run');
				return;
			}
			if (command.type === 'retry' && step.status !== 'failed' && step.status !== 'interrupted') {
				state.say('no failed step to retry');
				return;
			}
			if (command.type === 'run-all') controller.runFrom(step.id);
			else controller.runStep(step.id);
			return;
		}
		case 'rollback':
			state.close();
			controller.rollback();
			return;
		case 'answer':
			state.close();
			if (state.overlay === 'resume') {
				const step = state.steps[next];
				if (command.yes && step) controller.runFrom(step.id);
			} else if (state.overlay === 'quit') {
				if (command.yes)
					void controller
						.interrupt()
						.catch(() => undefined)
						.finally(exit);
			} else controller.answer(command.yes);
			return;
		case 'quit':
			if (controller.busy) {
				state.ask(
					`A step is running (${state.running ?? 'starting'}); no other step begins while this question is open. Quit? The current call finishes, the journal records where it stopped, and \`oms-upgrade ${state.mode === 'rollback' ? 'rollback' : 'run'}\` or the console resumes from there.`,
				);
				store.setState({overlay: 'quit'});
			} else exit();
			return;
		case 'open':
			// Read-only while another process's run holds the plan: said now, not after the typed word.
			if (command.overlay === 'rollback' && state.heldBy !== null) {
				state.say(heldText(state.heldBy));
				return;
			}
			if (command.overlay === 'rollback' && nothingToRollBack(state)) {
				state.say(
					`nothing to roll back: no attempt of ${state.planName} is open (no step has run since the last attempt closed)`,
				);
				return;
			}
			state.open(command.overlay);
			if (command.overlay === 'node') inspect(store, controller);
			return;
		case 'node':
			state.moveNode(command.delta);
			if (state.overlay === 'node') inspect(store, controller);
			return;
		case 'scroll':
			state.scrollOverlay(command.delta, limits.scrollMax);
			return;
		case 'say':
			state.say(command.text);
			return;
		case 'wrap':
			state.toggleWrap();
			return;
		case 'open-line': {
			const lines = shownLog(store, state);
			const line = lines[cursorIndex(lines.length, state.follow, state.scroll)];
			if (line) state.openDetail(lineDetail(line, state.logFile));
			else state.say('the log of this step is empty');
			return;
		}
		case 'open-message': {
			const message = state.waiting ?? state.message ?? state.lastMessage;
			if (message)
				state.openDetail({
					title: state.waiting ? 'Waiting on' : 'Last message',
					text: `${message}

The whole run log: ${state.logFile ?? '(no run from this console yet)'}`,
				});
			else state.say('no message to show');
			return;
		}
		case 'close':
			if (state.overlay) state.close();
			else state.say(null);
			return;
		case 'focus':
			state.toggleFocus();
			return;
		case 'follow':
			state.toggleFollow();
			return;
		case 'move':
			// g and G in the log: its first line, or its end (following again).
			if (state.focus === 'log' && !Number.isFinite(command.delta)) {
				if (command.delta > 0) store.setState({follow: true, scroll: 0});
				else store.setState({follow: false, scroll: Math.max(0, shownLog(store, state).length - 1)});
				return;
			}
			state.move(command.delta);
			return;
		case 'filter':
			state.startFilter();
			return;
		case 'filter-type':
			state.typeFilter(command.text);
			return;
		case 'filter-end':
			state.endFilter(command.keep);
			return;
		case 'type':
			state.type(command.text);
			return;
		case 'none':
			return;
	}
}

function inspect(store: PanelStore, controller: PanelController): void {
	const state = store.getState();
	const node = state.nodes[state.nodeCursor];
	if (node) controller.inspectNode?.(node.host);
}

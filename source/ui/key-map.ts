import type {PanelState} from '../store/panel-state.js';
import type {KeyPress} from './key-filter.js';

/** What a key means in the panel's current state. Pure, so every binding is testable without a terminal. */
export type PanelCommand =
	| {readonly type: 'run-next' | 'run-all' | 'retry' | 'rollback' | 'quit' | 'focus' | 'follow' | 'filter' | 'close' | 'wrap' | 'open-line' | 'open-message'}
	| {readonly type: 'open'; readonly overlay: 'binds' | 'ha' | 'help' | 'rollback' | 'node' | 'summary'}
	| {readonly type: 'node'; readonly delta: number}
	/** Scrolls the open view; ±Infinity go to its top or end. */
	| {readonly type: 'scroll'; readonly delta: number}
	| {readonly type: 'move'; readonly delta: number}
	| {readonly type: 'answer'; readonly yes: boolean}
	| {readonly type: 'type'; readonly text: string}
	| {readonly type: 'filter-type'; readonly text: string}
	| {readonly type: 'filter-end'; readonly keep: boolean}
	/** A key that does nothing here, said in the footer so the operator knows why. */
	| {readonly type: 'say'; readonly text: string}
	| {readonly type: 'none'};

const none: PanelCommand = {type: 'none'};

export function interpretKey(state: Pick<PanelState, 'overlay' | 'filtering' | 'typed' | 'focus'>, press: KeyPress): PanelCommand {
	const char = press.kind === 'char' ? press.char : undefined;
	if (state.overlay === 'confirm' || state.overlay === 'resume' || state.overlay === 'quit') {
		if (char === 'y' || char === 'Y') return {type: 'answer', yes: true};
		if (char === 'n' || char === 'N' || press.kind === 'escape') return {type: 'answer', yes: false};
		// Ctrl-C at "quit while a step runs?" is the second Ctrl-C: quit. At any other question it is No.
		if (press.kind === 'ctrl-c') return {type: 'answer', yes: state.overlay === 'quit'};
		return none;
	}
	if (state.overlay === 'rollback') {
		if (press.kind === 'escape' || press.kind === 'ctrl-c') return {type: 'close'};
		if (press.kind === 'backspace') return {type: 'type', text: '\b'};
		if (press.kind === 'enter')
			return state.typed === 'rollback' ? {type: 'rollback'} : {type: 'say', text: `type the word rollback to confirm (typed: "${state.typed}"); esc cancels`};
		return char ? {type: 'type', text: char} : none;
	}
	if (state.filtering) {
		if (press.kind === 'enter') return {type: 'filter-end', keep: true};
		if (press.kind === 'escape') return {type: 'filter-end', keep: false};
		if (press.kind === 'backspace') return {type: 'filter-type', text: '\b'};
		return char ? {type: 'filter-type', text: char} : none;
	}
	if (state.overlay !== null) return viewKey(state.overlay, press);
	switch (press.kind) {
		case 'enter':
			return state.focus === 'log' ? {type: 'open-line'} : {type: 'run-next'};
		case 'escape':
			return {type: 'close'};
		case 'tab':
			return {type: 'focus'};
		case 'up':
			return {type: 'move', delta: -1};
		case 'down':
			return {type: 'move', delta: 1};
		case 'page-up':
			return {type: 'move', delta: -10};
		case 'page-down':
			return {type: 'move', delta: 10};
		case 'ctrl-c':
			return {type: 'quit'};
		case 'backspace':
			return none;
		case 'char':
			break;
	}
	switch (char) {
		case 'a':
			return {type: 'run-all'};
		case 'R':
			return {type: 'retry'};
		case 'X':
			return {type: 'open', overlay: 'rollback'};
		case 'b':
			return {type: 'open', overlay: 'binds'};
		case 'h':
			return {type: 'open', overlay: 'ha'};
		case '?':
			return {type: 'open', overlay: 'help'};
		case 'j':
			return {type: 'move', delta: 1};
		case 'k':
			return {type: 'move', delta: -1};
		case 'f':
			return {type: 'follow'};
		case '/':
			return {type: 'filter'};
		case 'q':
			return {type: 'quit'};
		case 'w':
			return {type: 'wrap'};
		case 'n':
			return {type: 'open', overlay: 'node'};
		case 's':
			return {type: 'open', overlay: 'summary'};
		case 'm':
			return {type: 'open-message'};
		case '[':
			return {type: 'node', delta: -1};
		case ']':
			return {type: 'node', delta: 1};
		default:
			return none;
	}
}

const closers: Readonly<Record<string, string>> = {binds: 'b', ha: 'h', help: '?', node: 'n', summary: 's', detail: 'm'};
const scrolls: Readonly<Record<string, number>> = {j: 1, k: -1, ' ': 10, g: Number.NEGATIVE_INFINITY, G: Number.POSITIVE_INFINITY};

/** Keys inside a view over the panel (binds, HA, help, full text, node, summary): scroll, switch node, close. */
function viewKey(overlay: string, press: KeyPress): PanelCommand {
	const char = press.kind === 'char' ? press.char : undefined;
	// The summary is the end of the work: q there leaves the tool, as the operator means it; elsewhere q closes the view.
	if (overlay === 'summary' && char === 'q') return {type: 'quit'};
	if (press.kind === 'escape' || char === 'q' || (char !== undefined && char === closers[overlay])) return {type: 'close'};
	if (overlay === 'node' && (char === '[' || char === ']')) return {type: 'node', delta: char === '[' ? -1 : 1};
	const deltas: Partial<Record<KeyPress['kind'], number>> = {up: -1, down: 1, 'page-up': -10, 'page-down': 10};
	const delta = char !== undefined ? scrolls[char] : deltas[press.kind];
	return delta === undefined ? none : {type: 'scroll', delta};
}

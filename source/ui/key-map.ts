import type {PanelState} from '../store/panel-state.js';
import type {KeyPress} from './key-filter.js';

/** What a key means in the panel's current state. Pure, so every binding is testable without a terminal. */
export type PanelCommand =
	| {readonly type: 'run-next' | 'run-all' | 'retry' | 'rollback' | 'quit' | 'focus' | 'follow' | 'filter' | 'close'}
	| {readonly type: 'open'; readonly overlay: 'binds' | 'ha' | 'help' | 'rollback'}
	| {readonly type: 'move'; readonly delta: number}
	| {readonly type: 'answer'; readonly yes: boolean}
	| {readonly type: 'type'; readonly text: string}
	| {readonly type: 'filter-type'; readonly text: string}
	| {readonly type: 'filter-end'; readonly keep: boolean}
	| {readonly type: 'none'};

const none: PanelCommand = {type: 'none'};

export function interpretKey(state: Pick<PanelState, 'overlay' | 'filtering' | 'typed'>, press: KeyPress): PanelCommand {
	const char = press.kind === 'char' ? press.char : undefined;
	if (state.overlay === 'confirm' || state.overlay === 'resume' || state.overlay === 'quit') {
		if (char === 'y' || char === 'Y') return {type: 'answer', yes: true};
		if (char === 'n' || char === 'N' || press.kind === 'escape') return {type: 'answer', yes: false};
		return none;
	}
	if (state.overlay === 'rollback') {
		if (press.kind === 'escape') return {type: 'close'};
		if (press.kind === 'backspace') return {type: 'type', text: '\b'};
		if (press.kind === 'enter') return state.typed === 'rollback' ? {type: 'rollback'} : none;
		return char ? {type: 'type', text: char} : none;
	}
	if (state.filtering) {
		if (press.kind === 'enter') return {type: 'filter-end', keep: true};
		if (press.kind === 'escape') return {type: 'filter-end', keep: false};
		if (press.kind === 'backspace') return {type: 'filter-type', text: '\b'};
		return char ? {type: 'filter-type', text: char} : none;
	}
	if (state.overlay !== null) {
		const closers: Record<string, string> = {binds: 'b', ha: 'h', help: '?'};
		if (press.kind === 'escape' || char === closers[state.overlay] || char === 'q') return {type: 'close'};
		return none;
	}
	switch (press.kind) {
		case 'enter':
			return {type: 'run-next'};
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
		default:
			return none;
	}
}

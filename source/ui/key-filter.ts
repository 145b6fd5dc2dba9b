/** The subset of Ink's key flags the panel uses. */
export type InkKey = {
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly return?: boolean;
	readonly escape?: boolean;
	readonly tab?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	readonly ctrl?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
};

export type KeyPress =
	| {readonly kind: 'enter' | 'escape' | 'tab' | 'up' | 'down' | 'backspace' | 'ctrl-c' | 'page-up' | 'page-down'}
	| {readonly kind: 'char'; readonly char: string};

/** Keys that arrive as one control character inside a chunk of several (typed fast, held, or sent over SSH together). */
const controlKeys: Readonly<Record<string, KeyPress>> = {
	'\r': {kind: 'enter'},
	'\t': {kind: 'tab'},
	'\u007F': {kind: 'backspace'},
	'\b': {kind: 'backspace'},
	'\u0003': {kind: 'ctrl-c'},
};

/**
 * Turns Ink's input into key presses. Several keys can arrive in one read (`kk`, two backspaces, a
 * paste): each becomes its own press, so none is lost. What a slow SSH link makes of an escape
 * sequence is dropped: when `ESC [ 1 ; 5 R` arrives split, the tail would otherwise read as the
 * letters `[`, `R`… and `R` retries a step, so anything right after an escape is taken for such a tail.
 */
export class KeyFilter {
	private lastEscapeAt = Number.NEGATIVE_INFINITY;

	constructor(private readonly tailWindowMs = 150) {}

	accept(input: string, key: InkKey, now = Date.now()): KeyPress[] {
		if (key.ctrl && input === 'c') return [{kind: 'ctrl-c'}];
		if (key.upArrow) return [{kind: 'up'}];
		if (key.downArrow) return [{kind: 'down'}];
		if (key.pageUp) return [{kind: 'page-up'}];
		if (key.pageDown) return [{kind: 'page-down'}];
		if (key.return) return [{kind: 'enter'}];
		if (key.tab) return [{kind: 'tab'}];
		if ((key.backspace || key.delete) && [...input].length <= 1) return [{kind: 'backspace'}];
		if (key.escape || input.startsWith('\u001B')) {
			this.lastEscapeAt = now;
			return input === '' || input === '\u001B' ? [{kind: 'escape'}] : [];
		}
		if (now - this.lastEscapeAt < this.tailWindowMs) return [];
		if (key.ctrl) return [];
		return [...input].flatMap((char): KeyPress[] => {
			const control = controlKeys[char];
			if (control) return [control];
			return /[\u0000-\u001F\u007F]/.test(char) ? [] : [{kind: 'char', char}];
		});
	}
}

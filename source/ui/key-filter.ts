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
	| {readonly kind: 'char'; readonly char: string}
	/** Several printable characters in one chunk: typed fast or pasted. Only text fields take it. */
	| {readonly kind: 'text'; readonly text: string};

/**
 * Turns Ink's input into key presses, and drops what a slow SSH link makes of an escape sequence:
 * when `ESC [ 1 ; 5 R` arrives split, the tail would otherwise read as the letters `[`, `R`… and
 * `R` retries a step. Anything printable right after an escape is taken for such a tail, and a
 * multi-character chunk is passed on as text, which no single-key binding acts on.
 */
export class KeyFilter {
	private lastEscapeAt = Number.NEGATIVE_INFINITY;

	constructor(private readonly tailWindowMs = 150) {}

	accept(input: string, key: InkKey, now = Date.now()): KeyPress | undefined {
		if (key.ctrl && input === 'c') return {kind: 'ctrl-c'};
		if (key.upArrow) return {kind: 'up'};
		if (key.downArrow) return {kind: 'down'};
		if (key.pageUp) return {kind: 'page-up'};
		if (key.pageDown) return {kind: 'page-down'};
		if (key.return) return {kind: 'enter'};
		if (key.tab) return {kind: 'tab'};
		if (key.backspace || key.delete) return {kind: 'backspace'};
		if (key.escape || input.startsWith('\u001B')) {
			this.lastEscapeAt = now;
			return input === '' || input === '\u001B' ? {kind: 'escape'} : undefined;
		}
		if (now - this.lastEscapeAt < this.tailWindowMs) return undefined;
		if (key.ctrl || input === '' || /[\u0000-\u001F\u007F]/.test(input)) return undefined;
		return [...input].length === 1 ? {kind: 'char', char: input} : {kind: 'text', text: input};
	}
}

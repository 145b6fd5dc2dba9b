/** The subset of Ink's key flags the panel uses. */
type InkKey = {
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

/**
 * Keys that arrive as one control character inside a chunk of several (typed fast, held, or sent over SSH together).
 */
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
 * letters `[`, `R`… and `R` retries a step. Only what can be such a tail is dropped (a read right
 * after a lone escape that starts a sequence with `[` or `O`, up to the sequence's final byte), so a
 * key typed quickly after esc (esc, then X) is still a key.
 */
export class KeyFilter {
	/** What an escape left unfinished: `start` (a lone ESC), `csi` (inside `ESC [`…), `ss3` (after `ESC O`). */
	private pending: {readonly kind: 'start' | 'csi' | 'ss3'; readonly at: number} | undefined;

	constructor(private readonly tailWindowMs = 150) {}

	accept(input: string, key: InkKey, now = Date.now()): KeyPress[] {
		const pending = this.pending !== undefined && now - this.pending.at < this.tailWindowMs ? this.pending : undefined;
		this.pending = undefined;
		if (key.ctrl && input === 'c') return [{kind: 'ctrl-c'}];
		if (key.upArrow) return [{kind: 'up'}];
		if (key.downArrow) return [{kind: 'down'}];
		if (key.pageUp) return [{kind: 'page-up'}];
		if (key.pageDown) return [{kind: 'page-down'}];
		if (key.return) return [{kind: 'enter'}];
		if (key.tab) return [{kind: 'tab'}];
		if ((key.backspace || key.delete) && [...input].length <= 1) return [{kind: 'backspace'}];
		if (key.escape || input.startsWith('\u001B')) {
			const body = input.startsWith('\u001B') ? input.slice(1) : input;
			const unfinished = body === '' ? 'start' : unfinishedSequence(body);
			if (unfinished) this.pending = {kind: unfinished, at: now};
			return body === '' ? [{kind: 'escape'}] : [];
		}
		let keys = input;
		if (pending) {
			const end = pending.kind === 'start' ? sequenceEnd(keys) : pending.kind === 'ss3' ? 1 : csiEnd(keys, 0);
			if (end !== undefined) keys = keys.slice(end);
			else {
				// Still inside the sequence: the rest of it comes in the next read.
				const still = pending.kind === 'start' ? unfinishedSequence(keys) : pending.kind;
				if (still) {
					this.pending = {kind: still, at: now};
					return [];
				}
			}
		}
		if (key.ctrl) return [];
		return [...keys].flatMap((char): KeyPress[] => {
			const control = controlKeys[char];
			if (control) return [control];
			return /[\u0000-\u001F\u007F]/.test(char) ? [] : [{kind: 'char', char}];
		});
	}
}

/**
 * Where an escape sequence's body (what follows ESC) ends: after the final byte of `[`… (CSI) or
 * the one character after `O` (SS3). Undefined when `text` is not such a body or is cut short.
 */
function sequenceEnd(text: string): number | undefined {
	if (text.startsWith('[')) return csiEnd(text, 1);
	if (text.startsWith('O')) return text.length >= 2 ? 2 : undefined;
	return undefined;
}

/**
 * Which sequence a body (what follows ESC) begins and leaves unfinished: `[`… without its final byte, or a lone `O`.
 */
function unfinishedSequence(body: string): 'csi' | 'ss3' | undefined {
	if (body === 'O') return 'ss3';
	return body.startsWith('[') && csiEnd(body, 1) === undefined ? 'csi' : undefined;
}

/**
 * The index after a CSI's final byte (0x40–0x7E), its parameter and intermediate bytes (0x20–0x3F) skipped from `from`.
 */
function csiEnd(text: string, from: number): number | undefined {
	for (let index = from; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x40 && code <= 0x7e) return index + 1;
		if (code < 0x20 || code > 0x3f) return undefined;
	}
	return undefined;
}

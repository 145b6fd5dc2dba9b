import {pastAttemptText} from '../store/past-attempt.js';
import type {PanelState} from '../store/panel-state.js';
import type {KeyPress} from './key-filter.js';

/** What a key means in the panel's current state. Pure, so every binding is testable without a terminal. */
export type PanelCommand =
	| {
			readonly type:
				| 'run-next'
				| 'run-all'
				| 'retry'
				| 'rollback'
				| 'quit'
				| 'focus'
				| 'follow'
				| 'filter'
				| 'close'
				| 'wrap'
				| 'open-line'
				| 'open-message';
	  }
	| {
			readonly type: 'open';
			readonly overlay: 'binds' | 'ha' | 'help' | 'rollback' | 'node' | 'summary' | 'forecast';
	  }
	| {readonly type: 'node'; readonly delta: number}
	/** Scrolls the open view; ±Infinity go to its top or end. */
	| {readonly type: 'scroll'; readonly delta: number}
	/** Moves the step selection, or scrolls the log when it has the focus; ±Infinity go to the top or the end. */
	| {readonly type: 'move'; readonly delta: number}
	| {readonly type: 'answer'; readonly yes: boolean}
	| {readonly type: 'type'; readonly text: string}
	| {readonly type: 'filter-type'; readonly text: string}
	| {readonly type: 'filter-end'; readonly keep: boolean}
	/** A key that does nothing here, said in the footer so the operator knows why. */
	| {readonly type: 'say'; readonly text: string}
	| {readonly type: 'none'};

/** A key as the tables name it: a character, or one of enter, esc, tab, up, down, pgup, pgdn, ctrl-c, backspace. */
type KeyName = string;

/**
 * One binding of a view: the keys, what they do, and the words the footer shows for it (none: a key that
 * works but is not advertised there, such as the arrows beside j/k). The footer is drawn from these tables,
 * so a view cannot name a key that does nothing in it.
 */
type Binding = {readonly keys: readonly KeyName[]; readonly command: PanelCommand; readonly hint?: string};

type KeyState = Pick<PanelState, 'overlay' | 'filtering' | 'typed' | 'focus'> & {
	readonly summary?: PanelState['summary'];
	readonly past?: PanelState['past'];
};

const none: PanelCommand = {type: 'none'};

function keyName(press: KeyPress): KeyName {
	const names: Partial<Record<KeyPress['kind'], string>> = {escape: 'esc', 'page-up': 'pgup', 'page-down': 'pgdn'};
	return press.kind === 'char' ? press.char : (names[press.kind] ?? press.kind);
}

/** The rollback the panel asks for with a typed word (X); the engine then asks once more, naming what it restores. */
const rollbackOpen: PanelCommand = {type: 'open', overlay: 'rollback'};

/**
 * The panel's own keys: the checklist, the log, and the views over them. Most used first: the footer cuts from the end.
 */
function mainBindings(state: KeyState): Binding[] {
	return [
		{
			keys: ['enter'],
			command: state.focus === 'log' ? {type: 'open-line'} : {type: 'run-next'},
			hint: state.focus === 'log' ? 'enter line' : 'enter next',
		},
		{keys: ['a'], command: {type: 'run-all'}, hint: 'a all'},
		{keys: ['R'], command: {type: 'retry'}, hint: 'R retry'},
		{keys: ['X'], command: rollbackOpen, hint: 'X rollback'},
		{keys: ['n'], command: {type: 'open', overlay: 'node'}, hint: 'n node'},
		{keys: ['?'], command: {type: 'open', overlay: 'help'}, hint: '? help'},
		{keys: ['q', 'ctrl-c'], command: {type: 'quit'}, hint: 'q quit'},
		{keys: ['m'], command: {type: 'open-message'}, hint: 'm message'},
		{keys: ['s'], command: {type: 'open', overlay: 'summary'}, hint: 's summary'},
		{keys: ['d'], command: {type: 'open', overlay: 'forecast'}, hint: 'd downtime'},
		{keys: ['w'], command: {type: 'wrap'}, hint: 'w wrap'},
		{keys: ['b'], command: {type: 'open', overlay: 'binds'}, hint: 'b binds'},
		{keys: ['h'], command: {type: 'open', overlay: 'ha'}, hint: 'h HA'},
		{keys: ['tab'], command: {type: 'focus'}, hint: 'tab focus'},
		{keys: ['j', 'down'], command: {type: 'move', delta: 1}, hint: 'j/k'},
		{keys: ['k', 'up'], command: {type: 'move', delta: -1}},
		{keys: ['pgdn'], command: {type: 'move', delta: 10}},
		{keys: ['pgup'], command: {type: 'move', delta: -10}},
		{keys: ['g'], command: {type: 'move', delta: Number.NEGATIVE_INFINITY}},
		{keys: ['G'], command: {type: 'move', delta: Number.POSITIVE_INFINITY}},
		{keys: ['f'], command: {type: 'follow'}, hint: 'f follow'},
		{keys: ['/'], command: {type: 'filter'}, hint: '/ filter'},
		{keys: ['['], command: {type: 'node', delta: -1}},
		{keys: [']'], command: {type: 'node', delta: 1}},
		{keys: ['esc'], command: {type: 'close'}},
	];
}

const scrolling: Binding[] = [
	{keys: ['j', 'down'], command: {type: 'scroll', delta: 1}, hint: 'j/k scroll'},
	{keys: ['k', 'up'], command: {type: 'scroll', delta: -1}},
	{keys: ['pgdn', ' '], command: {type: 'scroll', delta: 10}},
	{keys: ['pgup'], command: {type: 'scroll', delta: -10}},
	{keys: ['g'], command: {type: 'scroll', delta: Number.NEGATIVE_INFINITY}, hint: 'g/G top/end'},
	{keys: ['G'], command: {type: 'scroll', delta: Number.POSITIVE_INFINITY}},
];

/** What the end-of-run view offers next, by outcome: the actions its "Next" lines name. */
function summaryBindings(state: KeyState): Binding[] {
	const outcome = state.summary?.outcome;
	// After a pause or a refusal the engine's advice, said as keys (store/console-advice), names enter, a and X.
	const actions: Binding[] =
		outcome === 'failed' || outcome === 'interrupted'
			? [
					{keys: ['R'], command: {type: 'retry'}, hint: 'R retry'},
					{keys: ['X'], command: rollbackOpen, hint: 'X rollback'},
					{keys: ['a'], command: {type: 'run-all'}, hint: 'a continue'},
				]
			: outcome === 'succeeded'
				? [
						{keys: ['X'], command: rollbackOpen, hint: 'X rollback'},
						{keys: ['enter'], command: {type: 'run-next'}, hint: 'enter next'},
					]
				: outcome === 'paused' || outcome === 'refused'
					? [
							{keys: ['enter'], command: {type: 'run-next'}, hint: 'enter run again'},
							{keys: ['a'], command: {type: 'run-all'}, hint: 'a all'},
							{keys: ['X'], command: rollbackOpen, hint: 'X rollback'},
						]
					: [];
	return [
		...actions,
		{keys: ['m'], command: {type: 'open-message'}, hint: 'm message'},
		...scrolling,
		{keys: ['esc', 's'], command: {type: 'close'}, hint: 'esc close'},
		{keys: ['q', 'ctrl-c'], command: {type: 'quit'}, hint: 'q quit'},
	];
}

/**
 * Keys inside a view over the panel (binds, HA, help, full text, node): scroll, switch node, close; X still rolls back.
 */
function viewBindings(overlay: NonNullable<PanelState['overlay']>): Binding[] {
	const closers: Readonly<Record<string, string>> = {
		binds: 'b',
		ha: 'h',
		help: '?',
		node: 'n',
		detail: 'm',
		forecast: 'd',
	};
	return [
		...(overlay === 'node'
			? [
					{keys: [']'], command: {type: 'node', delta: 1}, hint: '[ ] other node'} as Binding,
					{keys: ['['], command: {type: 'node', delta: -1}} as Binding,
				]
			: []),
		...(overlay === 'ha' ? [] : scrolling),
		{keys: ['esc', 'q', ...(closers[overlay] ? [closers[overlay]] : [])], command: {type: 'close'}, hint: 'esc close'},
		{keys: ['X'], command: rollbackOpen, hint: 'X rollback'},
		{keys: ['ctrl-c'], command: {type: 'quit'}},
	];
}

const questionBindings = (overlay: 'confirm' | 'resume' | 'quit'): Binding[] => [
	{keys: ['y', 'Y'], command: {type: 'answer', yes: true}, hint: 'y yes'},
	{keys: ['n', 'N', 'esc'], command: {type: 'answer', yes: false}, hint: 'n or esc no (the default)'},
	// Ctrl-C at "quit while a step runs?" is the second Ctrl-C: quit. At any other question it is No.
	{keys: ['ctrl-c'], command: {type: 'answer', yes: overlay === 'quit'}},
];

/** Whether a command acts on the cluster (runs, retries, rolls back) or reads it live (the node view). */
const acts = (command: PanelCommand) =>
	command.type === 'run-next' ||
	command.type === 'run-all' ||
	command.type === 'retry' ||
	command.type === 'rollback' ||
	(command.type === 'open' && (command.overlay === 'rollback' || command.overlay === 'node'));

/**
 * A past attempt's console is read-only: a key that would act on the cluster says so in the footer instead,
 * and the footer does not offer it.
 */
function readOnly(bindings: Binding[], attempt: string): Binding[] {
	return bindings.map(binding =>
		acts(binding.command) ? {keys: binding.keys, command: {type: 'say', text: pastAttemptText(attempt)}} : binding,
	);
}

/**
 * The bindings of the view the panel shows now; the typed views (the rollback word, the filter) take other keys as
 * text.
 */
export function bindingsFor(state: KeyState): Binding[] {
	return state.past ? readOnly(viewBindingsFor(state), state.past) : viewBindingsFor(state);
}

function viewBindingsFor(state: KeyState): Binding[] {
	if (state.overlay === 'confirm' || state.overlay === 'resume' || state.overlay === 'quit')
		return questionBindings(state.overlay);
	if (state.overlay === 'rollback')
		return [
			{keys: ['enter'], command: {type: 'rollback'}, hint: 'type rollback, then enter'},
			{keys: ['esc', 'ctrl-c'], command: {type: 'close'}, hint: 'esc cancel'},
		];
	if (state.filtering && state.overlay === null)
		return [
			{keys: ['enter'], command: {type: 'filter-end', keep: true}, hint: 'type to filter · enter keep'},
			{keys: ['esc'], command: {type: 'filter-end', keep: false}, hint: 'esc clear'},
		];
	if (state.overlay === 'summary') return summaryBindings(state);
	if (state.overlay !== null) return viewBindings(state.overlay);
	return mainBindings(state);
}

/** The footer's key hints for the view shown now, in the order of its table. */
export function hintsFor(state: KeyState): string {
	return bindingsFor(state)
		.flatMap(binding => (binding.hint ? [binding.hint] : []))
		.join(' · ');
}

export function interpretKey(state: KeyState, press: KeyPress): PanelCommand {
	const name = keyName(press);
	if (state.overlay === 'rollback') {
		if (press.kind === 'backspace') return {type: 'type', text: '\b'};
		if (press.kind === 'enter')
			return state.typed === 'rollback'
				? {type: 'rollback'}
				: {type: 'say', text: `type the word rollback to confirm (typed: "${state.typed}"); esc cancels`};
		if (press.kind === 'char') return {type: 'type', text: press.char};
	}
	if (state.filtering && state.overlay === null) {
		if (press.kind === 'backspace') return {type: 'filter-type', text: '\b'};
		if (press.kind === 'char') return {type: 'filter-type', text: press.char};
	}
	return bindingsFor(state).find(binding => binding.keys.includes(name))?.command ?? none;
}

import {subscribeWithSelector} from 'zustand/middleware';
import {createStore, type Mutate, type StoreApi} from 'zustand/vanilla';
import type {EngineEvent} from '../domain/events.js';
import type {QuestionAbout} from '../engine/run-options.js';
import {consoleAdvice} from './console-advice.js';
import {LogBuffer} from './log-buffer.js';
import type {NodeView, Overlay, PanelState, StepView, StoreManaged} from './panel-state.js';
import {applyStepEvent} from './step-reducer.js';
import {viewActions, type ViewActions} from './view-actions.js';

type PanelActions = {
	readonly applyEvent: (event: EngineEvent) => void;
	readonly setNode: (host: string, change: Partial<NodeView>) => void;
	readonly setHeader: (change: Partial<Pick<PanelState, 'haState' | 't1' | 't2' | 'from' | 'metadb'>>) => void;
	readonly setSteps: (steps: readonly StepView[], rollback: readonly StepView[]) => void;
	readonly move: (delta: number) => void;
	readonly toggleFocus: () => void;
	readonly toggleFollow: () => void;
	readonly scrollBy: (delta: number) => void;
	readonly startFilter: () => void;
	readonly typeFilter: (text: string) => void;
	readonly endFilter: (keep: boolean) => void;
	readonly open: (overlay: Overlay) => void;
	readonly close: () => void;
	/** Opens a question; one that carries the forecast keeps it for `d` too. */
	readonly ask: (question: string, about?: QuestionAbout) => void;
	readonly type: (text: string) => void;
	readonly setRunning: (step: string | null) => void;
	readonly say: (message: string | null) => void;
	readonly tick: (now: number, waiting?: string | null) => void;
	readonly note: (text: string, level?: 'info' | 'warn' | 'error') => void;
} & ViewActions;

/** The store with subscribeWithSelector's `subscribe(selector, listener)`, for non-React observers. */
export type PanelStore = Mutate<StoreApi<PanelState & PanelActions>, [['zustand/subscribeWithSelector', never]]> & {
	readonly log: LogBuffer;
};

/**
 * The store's one clock for what changes faster than a second: every tick it publishes the log's revision
 * (the house rule: ~10 updates a second) and, while a step runs, advances the running sign's pulse, in one
 * update, so a flood of log lines and the spinner cost one frame a tick between them, not one each.
 */
export const tickMs = 100;

/**
 * Resolves once the quit question is not open (at once when it is not): the console holds its run between
 * steps while the operator decides whether to quit, and whatever closes the question lets it go on.
 */
export function quitQuestionClosed(store: PanelStore): Promise<void> {
	return new Promise(resolve => {
		if (store.getState().overlay !== 'quit') return resolve();
		const stop = store.subscribe(
			state => state.overlay,
			overlay => {
				if (overlay === 'quit') return;
				stop();
				resolve();
			},
		);
	});
}

/** The end-of-run view lists at most this many failures and warnings (the log has them all). */
const maxFindings = 100;

/** One more warning on a step's row (or `count` of them), in whichever list holds the step. */
function warned(state: PanelState, step: string, count?: number): Pick<PanelState, 'steps' | 'rollback'> {
	const bump = (list: readonly StepView[]) =>
		list.some(view => view.id === step)
			? list.map(view => (view.id === step ? {...view, warnings: count ?? (view.warnings ?? 0) + 1} : view))
			: list;
	return {steps: bump(state.steps), rollback: bump(state.rollback)};
}

/** Whether a step of either list is running: the running sign turns. */
const stepRunning = (state: Pick<PanelState, 'steps' | 'rollback'>) =>
	state.steps.some(step => step.status === 'running') || state.rollback.some(step => step.status === 'running');

/**
 * A fresh store per console (and per test): state plus the actions that change it, pure but for the log buffer
 * and the tick, which runs while there are new log lines to publish or a step runs, and stops otherwise.
 */
export function createPanelStore(initial: Omit<PanelState, StoreManaged>, logCapacity = 5000): PanelStore {
	const log = new LogBuffer(logCapacity);
	let ticker: NodeJS.Timeout | undefined;
	const tick = () => {
		const state = store.getState();
		const fresh = log.appended !== state.logRevision;
		const spinning = stepRunning(state);
		if (!fresh && !spinning) {
			clearInterval(ticker);
			ticker = undefined;
			return;
		}
		store.setState({logRevision: log.appended, pulse: spinning ? state.pulse + 1 : state.pulse});
	};
	const startTicking = () => {
		if (ticker) return;
		ticker = setInterval(tick, tickMs);
		ticker.unref?.();
	};
	const store = createStore<PanelState & PanelActions>()(
		subscribeWithSelector(set => {
			const publishLog = startTicking;
			const note: PanelActions['note'] = (text, level = 'info') => {
				log.push({at: new Date().toISOString(), step: null, node: null, level, text});
				publishLog();
			};
			return {
				...initial,
				logRevision: 0,
				pulse: 0,
				now: Date.now(),
				applyEvent: event => {
					if (event.type === 'times') {
						set({t1: event.t1, t2: event.t2, t4: event.t4});
						return;
					}
					if (event.type === 'log') {
						log.push({at: event.at, step: event.step, node: event.node, level: event.level, text: event.text});
						publishLog();
						if (event.level !== 'info') {
							const level = event.level;
							set(state => ({
								findings: [...state.findings, {level, step: event.step, node: event.node, text: event.text}].slice(
									-maxFindings,
								),
								...(level === 'warn' && event.step ? warned(state, event.step) : {}),
							}));
						}
						return;
					}
					if (event.type === 'run-started') set({findings: []});
					if (event.type === 'step-finished' && event.node !== null && event.status === 'failed')
						set(state => ({
							findings: [
								...state.findings,
								{level: 'error' as const, step: event.step, node: event.node, text: event.reason},
							].slice(-maxFindings),
						}));
					// The console puts its questions in its own dialog; the dialogue is kept by the run log.
					if (event.type === 'question' || event.type === 'answer') return;
					if (event.type === 'run-finished') {
						// The run's outcome is the footer's, not a line of whichever step is selected. A "quit while a
						// step runs?" question stays open (the operator asked to quit), now saying that nothing runs: y
						// quits.
						const message = consoleAdvice(event.message);
						set(state => ({
							running: null,
							message,
							commandLineMessage: event.message,
							lastMessage: message,
							...(state.overlay === 'quit'
								? {confirmation: {question: `The run ended meanwhile: ${message} Quit the console?`}}
								: {}),
						}));
						return;
					}
					if (event.type === 'step-finished' && event.node === null && event.status !== 'succeeded') {
						log.push({
							at: event.at,
							step: event.step,
							node: null,
							level: event.status === 'failed' ? 'error' : 'info',
							text: `${event.status}: ${event.reason}`,
						});
						publishLog();
					}
					set(state => applyStepEvent(state, event));
					// A step that starts again starts with no warnings of its own.
					if (event.type === 'step-started' && event.node === null) set(state => warned(state, event.step, 0));
				},
				setNode: (host, change) =>
					set(state => ({nodes: state.nodes.map(node => (node.host === host ? {...node, ...change} : node))})),
				setHeader: change => set(change),
				setSteps: (steps, rollback) =>
					set(state => ({steps, rollback, selected: Math.min(state.selected, steps.length - 1)})),
				move: delta =>
					set(state => {
						if (state.focus === 'log') return {follow: false, scroll: Math.max(0, state.scroll - delta)};
						const list = state.mode === 'upgrade' ? state.steps : state.rollback;
						return {selected: Math.max(0, Math.min(list.length - 1, state.selected + delta)), scroll: 0};
					}),
				toggleFocus: () => set(state => ({focus: state.focus === 'steps' ? 'log' : 'steps'})),
				toggleFollow: () => set(state => ({follow: !state.follow, scroll: 0})),
				scrollBy: delta => set(state => ({follow: false, scroll: Math.max(0, state.scroll + delta)})),
				startFilter: () => set({filtering: true}),
				typeFilter: text => set(state => ({filter: text === '\b' ? state.filter.slice(0, -1) : state.filter + text})),
				endFilter: keep => set(state => ({filtering: false, filter: keep ? state.filter : ''})),
				open: overlay => set({overlay, typed: '', overlayScroll: 0}),
				close: () => set({overlay: null, confirmation: null, typed: ''}),
				ask: (question, about) =>
					set(state => ({
						overlay: 'confirm',
						confirmation: about ? {question, forecast: about.forecast} : {question},
						forecast: about?.forecast ?? state.forecast,
					})),
				type: text =>
					set(state => ({typed: text === '\b' ? state.typed.slice(0, -1) : (state.typed + text).slice(0, 32)})),
				setRunning: running => set({running}),
				say: said => {
					const message = said === null ? null : consoleAdvice(said);
					set(state => ({message, commandLineMessage: said, lastMessage: message ?? state.lastMessage}));
				},
				tick: (now, waiting = null) => set({now, waiting}),
				note,
				...viewActions(set),
			};
		}),
	);
	// A running step keeps the tick going (the sign turns) even when it logs nothing.
	store.subscribe(stepRunning, running => (running ? startTicking() : undefined), {fireImmediately: true});
	return Object.assign(store, {log});
}

import {Box, useApp, useInput} from 'ink';
import {useRef} from 'react';
import {useStore} from 'zustand';
import {attemptDowntimeSeconds} from '../domain/downtime.js';
import type {PanelState, StepView} from '../store/panel-state.js';
import type {PanelStore} from '../store/panel-store.js';
import {nextStepIndex} from '../store/step-reducer.js';
import {cells} from './cells.js';
import {dispatch, type PanelController} from './dispatch.js';
import {Footer} from './footer.js';
import {Header} from './header.js';
import {KeyFilter} from './key-filter.js';
import {bindingsFor, hintsFor, interpretKey} from './key-map.js';
import {LogPane} from './log-pane.js';
import {gridHeight, NodeGrid} from './node-grid.js';
import {shownLog} from './log-select.js';
import {Confirm} from './overlays/confirm.js';
import {forecastLines} from '../engine/forecast-text.js';
import {scrollLimit} from './overlays/scroll-view.js';
import {TooSmall} from './overlays/too-small.js';
import {Reference, referenceContent, referenceOverlays, sinceT1} from './reference.js';
import {StepList, type StepListProps} from './step-list.js';
import {useTerminalSize, type TerminalSize} from './use-terminal-size.js';

type AppProps = {
	readonly store: PanelStore;
	readonly controller: PanelController;
	/** Fixed size for tests; otherwise the terminal's, followed on resize. */
	readonly size?: TerminalSize;
};

export function App({store, controller, size}: AppProps) {
	const live = useTerminalSize();
	const {columns, rows} = size ?? live;
	const state = useStateBesidesPulse(store);
	const {exit} = useApp();
	const keys = useRef(new KeyFilter());
	useInput((input, key) => {
		for (const press of keys.current.accept(input, key)) {
			const current = store.getState();
			dispatch(interpretKey(current, press), store, controller, exit, {
				scrollMax: scrollMax(current, store, columns, rows),
			});
		}
	});
	if (columns < 80 || rows < 24) return <TooSmall columns={columns} rows={rows} />;
	return <Screen state={state} store={store} columns={columns} rows={rows} />;
}

/**
 * The store's state for the whole screen, kept the same object when only the pulse moved: a tick that only
 * turns the running sign renders the step list (which reads the pulse itself), not the screen and its log.
 */
function useStateBesidesPulse(store: PanelStore): PanelState {
	const last = useRef<PanelState | null>(null);
	return useStore(store, state => {
		const previous = last.current;
		if (previous && previous.pulse !== state.pulse && onlyPulseMoved(previous, state)) return previous;
		last.current = state;
		return state;
	});
}

function onlyPulseMoved(previous: PanelState, state: PanelState): boolean {
	for (const key of Object.keys(state) as Array<keyof PanelState>)
		if (key !== 'pulse' && !Object.is(previous[key], state[key])) return false;
	return true;
}

/** The step list with the store's pulse, read here so that the sign's turn renders this list alone. */
function PulsingStepList({store, ...props}: Omit<StepListProps, 'pulse'> & {readonly store: PanelStore}) {
	const pulse = useStore(store, state => state.pulse);
	return <StepList {...props} pulse={pulse} />;
}

/** How far the open view scrolls at this size: the screen's rows less header and footer. */
function scrollMax(state: PanelState, store: PanelStore, columns: number, rows: number): number {
	const content = referenceOverlays.has(state.overlay) ? referenceContent(state, store) : undefined;
	return content ? scrollLimit(content.lines, columns, rows - 1 - 3) : 0;
}

function Screen({
	state,
	store,
	columns,
	rows,
}: {
	readonly state: PanelState;
	readonly store: PanelStore;
	readonly columns: number;
	readonly rows: number;
}) {
	// Ink 6 redraws the whole screen when the frame is as tall as the terminal: keep one row spare.
	const height = rows - 1;
	const maxGridRows = rows >= 40 ? 2 : 1;
	// Reference views (binds, HA, help, full text, node, summary) take the grid's rows too; questions sit above the
	// steps.
	const wide = referenceOverlays.has(state.overlay);
	const grid = wide ? 0 : gridHeight(state.nodes.length, columns, maxGridRows);
	const body = Math.max(3, height - 2 - grid - 1);
	// A question keeps every row it needs (its answer line last): the steps and the log give way.
	const question = state.overlay !== null && !wide ? Math.min(body, questionHeight(state, columns)) : 0;
	const list = state.mode === 'upgrade' ? state.steps : state.rollback;
	const selected = list[state.selected] ?? list[0];
	const stepsWidth = Math.min(42, Math.floor(columns * 0.42));
	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Header
				name={state.planName}
				from={state.from}
				to={state.to}
				metadb={state.metadb}
				ha={haState(state)}
				elapsedSec={(state.now - state.openedAt) / 1000}
				downtimeSec={attemptDowntimeSeconds(state, state.now)}
				downtimeDone={state.t2 !== null || state.t4 !== null}
				heldBy={state.heldBy}
				past={state.past}
				width={columns}
			/>
			{wide ? null : (
				<NodeGrid
					nodes={state.nodes}
					width={columns}
					maxRows={maxGridRows}
					cursor={state.nodeCursor}
					sinceT1Sec={sinceT1(state)}
				/>
			)}
			{wide ? (
				<Reference state={state} store={store} width={columns} height={body} />
			) : (
				<Box flexDirection="column" height={body}>
					{question > 0 ? <Question state={state} width={columns} height={question} /> : null}
					<Box flexDirection="row" height={body - question}>
						<PulsingStepList
							store={store}
							title={state.mode === 'upgrade' ? 'Upgrade steps' : 'Rollback steps'}
							steps={list}
							selected={state.selected}
							next={state.mode === 'upgrade' ? nextStepIndex(state.steps) : nextStepIndex(state.rollback)}
							focused={state.focus === 'steps'}
							width={stepsWidth}
							height={body - question}
							now={state.now}
						/>
						<LogPane
							source={selected?.id ?? 'run'}
							lines={shownLog(store, state)}
							follow={state.follow}
							scroll={state.scroll}
							filter={state.filter}
							filtering={state.filtering}
							focused={state.focus === 'log'}
							wrap={state.wrap}
							width={columns - stepsWidth - 1}
							height={body - question}
						/>
					</Box>
				</Box>
			)}
			<Footer
				message={state.waiting ?? state.message}
				hints={hintsFor(state)}
				whole={bindingsFor(state).some(binding => binding.command.type === 'open-message')}
				width={columns}
			/>
		</Box>
	);
}

/** Rows a question box needs: border, title, the wrapped question, what it carries, the answer line(s). */
function questionHeight(state: PanelState, columns: number): number {
	const text = state.overlay === 'rollback' ? rollbackQuestion(state) : (state.confirmation?.question ?? '');
	return (
		2 +
		1 +
		Math.ceil(cells(text) / Math.max(1, columns - 10)) +
		questionAbout(state, Number.POSITIVE_INFINITY).length +
		(state.overlay === 'rollback' ? (state.typed && !'rollback'.startsWith(state.typed) ? 3 : 2) : 1)
	);
}

/**
 * The lines under a question (the forecast before stop-old), within `rows`: the answer line keeps its row, so
 * on a small screen the steps' lines give way first and one line says where the rest is.
 */
function questionAbout(state: PanelState, rows: number): string[] {
	const forecast = state.overlay === 'confirm' ? state.confirmation?.forecast : undefined;
	if (!forecast || rows < 1) return [];
	const lines = forecastLines(forecast);
	if (lines.length <= rows) return lines;
	return [...lines.slice(0, Math.max(0, rows - 1)), `… ${lines.length - rows + 1} more: d shows them once answered`];
}

function rollbackQuestion(state: PanelState): string {
	return `Roll back ${state.planName}: undo what this attempt did. Next the tool names exactly what that is (only ha.config; or restart ${state.nodes.map(node => `${node.oldContainer}@${node.host}`).join(', ')}; or also restore the MetaDB from this attempt's dumps) and asks once more.`;
}

function Question({
	state,
	width,
	height,
}: {
	readonly state: PanelState;
	readonly width: number;
	readonly height: number;
}) {
	if (state.overlay === 'rollback')
		return (
			<Confirm kind="typed" typed={state.typed} question={rollbackQuestion(state)} width={width} height={height} />
		);
	const question = state.confirmation?.question ?? '';
	// What the question's words, the border, the title and the answer leave for the forecast.
	const rows = height - 2 - 1 - Math.ceil(cells(question) / Math.max(1, width - 10)) - 1;
	return <Confirm kind="yn" question={question} about={questionAbout(state, rows)} width={width} height={height} />;
}

function haState(state: PanelState): string {
	const status = (list: readonly StepView[], id: string) => list.find(step => step.id === id)?.status;
	if (status(state.rollback, 'rb-restore-ha') === 'succeeded') return 'as found before the upgrade';
	if (status(state.rollback, 'rb-disable-ha') === 'succeeded') return 'off (rollback)';
	if (status(state.steps, 'enable-ha') === 'succeeded') return 'on';
	if (status(state.steps, 'disable-ha') === 'succeeded') return 'off (disabled for the upgrade)';
	return state.haState;
}

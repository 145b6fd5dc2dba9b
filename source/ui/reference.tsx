import type {PanelState} from '../store/panel-state.js';
import type {PanelStore} from '../store/panel-store.js';
import {bindsLines, bindsTitle} from './overlays/binds.js';
import {forecastTitle, forecastView} from './overlays/forecast.js';
import {HaTable} from './overlays/ha-table.js';
import {helpTitle, helpView} from './overlays/help.js';
import {nodeDetailLines, nodeTitle} from './overlays/node-detail.js';
import {ScrollView, type ViewLine} from './overlays/scroll-view.js';
import {summaryLines, summaryTitle} from './overlays/summary.js';

/** Views that take the grid's and the steps' place: reference, full text, a node, the summary. */
export const referenceOverlays = new Set<PanelState['overlay']>([
	'binds',
	'ha',
	'help',
	'detail',
	'node',
	'summary',
	'forecast',
]);

/**
 * Seconds since T1, against which a node's heartbeat age is judged stale (the old OMS wrote it); null when
 * there is nothing to judge: before T1, or once verify proved every node's heartbeat came after its new
 * container started (the latest heartbeat only gets newer after that, however long one takes).
 */
export const sinceT1 = (state: Pick<PanelState, 't1' | 'now' | 'mode' | 'steps'>) =>
	!state.t1 || (state.mode === 'upgrade' && state.steps.find(step => step.id === 'verify')?.status === 'succeeded')
		? null
		: (state.now - Date.parse(state.t1)) / 1000;

/** What the open scrollable view shows, or undefined for the HA table (a fixed layout of its own). */
export function referenceContent(state: PanelState, store: PanelStore): {title: string; lines: ViewLine[]} | undefined {
	switch (state.overlay) {
		case 'binds':
			return {title: bindsTitle, lines: bindsLines(state.nodes)};
		case 'forecast':
			return {title: forecastTitle, lines: forecastView(state.forecast)};
		case 'help':
			return {title: helpTitle, lines: helpView(state.workdir, state.logFile)};
		case 'detail':
			return {
				title: `${state.detail?.title ?? ''} · esc closes`,
				lines: (state.detail?.text ?? '').split('\n').map(text => ({text})),
			};
		case 'summary':
			return state.summary
				? {title: summaryTitle(state.summary), lines: summaryLines(state.summary)}
				: {title: 'Summary · esc closes', lines: [{text: 'No run or rollback has ended in this console yet.'}]};
		case 'node': {
			const node = state.nodes[state.nodeCursor] ?? state.nodes[0];
			if (!node) return {title: 'Node · esc closes', lines: []};
			const input = {node, index: state.nodeCursor, count: state.nodes.length};
			const initHost = node.initBy ?? node.host;
			const initLines = node.initBy ? [] : store.log.select(line => line.step === 'init' && line.node === initHost);
			return {
				title: nodeTitle(input),
				lines: nodeDetailLines({
					...input,
					inspection: state.inspections[node.host],
					initLines,
					sinceT1Sec: sinceT1(state),
					workdir: state.workdir,
				}),
			};
		}
		default:
			return undefined;
	}
}

type ReferenceProps = {
	readonly state: PanelState;
	readonly store: PanelStore;
	readonly width: number;
	readonly height: number;
};

export function Reference({state, store, width, height}: ReferenceProps) {
	const content = referenceContent(state, store);
	if (!content) return <HaTable width={width} height={height} />;
	return (
		<ScrollView
			title={content.title}
			lines={content.lines}
			scroll={state.overlayScroll}
			width={width}
			height={height}
		/>
	);
}

import type {NodeInspection} from '../engine/node-inspection.js';
import type {Detail, PanelState} from './panel-state.js';
import type {RunSummary} from './run-summary.js';

/** The views added over the panel: full text, the node view, the end-of-run summary. */
export type ViewActions = {
	readonly toggleWrap: () => void;
	/**
	 * Scrolls the open reference view, kept within 0…max (the lines that do not fit). A delta of +Infinity
	 * (G) pins the view to its end, so it stays there while the content grows (a node's logs arriving).
	 */
	readonly scrollOverlay: (delta: number, max: number) => void;
	readonly openDetail: (detail: Detail) => void;
	/** Moves the node cursor, wrapping around (the node view follows it). */
	readonly moveNode: (delta: number) => void;
	readonly setInspection: (host: string, inspection: NodeInspection) => void;
	/** Keeps the end-of-run panel's content; opens it unless `open` is false or another view is open. */
	readonly showSummary: (summary: RunSummary, open?: boolean) => void;
};

type Set = (change: Partial<PanelState> | ((state: PanelState) => Partial<PanelState>)) => void;

export function viewActions(set: Set): ViewActions {
	return {
		toggleWrap: () => set(state => ({wrap: !state.wrap})),
		scrollOverlay: (delta, max) =>
			set(state => ({
				overlayScroll:
					delta === Number.POSITIVE_INFINITY
						? delta
						: Math.max(0, Math.min(max, Math.min(max, state.overlayScroll) + delta)),
			})),
		openDetail: detail => set({overlay: 'detail', detail, overlayScroll: 0}),
		moveNode: delta =>
			set(state => {
				const count = Math.max(1, state.nodes.length);
				return {
					nodeCursor: (((state.nodeCursor + delta) % count) + count) % count,
					...(state.overlay === 'node' ? {overlayScroll: 0} : {}),
				};
			}),
		setInspection: (host, inspection) => set(state => ({inspections: {...state.inspections, [host]: inspection}})),
		showSummary: (summary, open = true) =>
			set(state => ({
				summary,
				...(open && (state.overlay === null || state.overlay === 'summary')
					? {overlay: 'summary' as const, overlayScroll: 0}
					: {}),
			})),
	};
}

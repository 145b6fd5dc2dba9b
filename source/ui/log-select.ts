import type {LogLine} from '../store/log-buffer.js';
import type {PanelState} from '../store/panel-state.js';
import type {PanelStore} from '../store/panel-store.js';
import type {Detail} from '../store/panel-state.js';

/** The lines the log pane shows: the run's own lines and the selected step's, through the filter. */
export function shownLog(store: PanelStore, state: PanelState): LogLine[] {
	const list = state.mode === 'upgrade' ? state.steps : state.rollback;
	const step = list[state.selected] ?? list[0];
	const filter = state.filter;
	return store.log.select(
		line =>
			(line.step === null || line.step === step?.id) &&
			(!filter || line.text.includes(filter) || (line.node ?? '').includes(filter)),
	);
}

/** One log line whole: when, which step and node, how bad, the text, and where the complete log is. */
export function lineDetail(line: LogLine, logFile: string | null): Detail {
	const where = [line.step ?? 'run', line.node].filter(Boolean).join(' · ');
	return {
		title: `Log line · ${line.at} · ${where} · ${line.level}`,
		text: `${line.text}\n\nThe whole run log: ${logFile ?? '(no run from this console yet)'}`,
	};
}

import type {StepOutcome} from '../domain/journal-types.js';
import {cells, cutCells} from './cells.js';

/** Every state has a glyph and a word, so nothing depends on colour. */
export const stepGlyph: Record<StepOutcome, string> = {
	pending: '○',
	running: '◐',
	succeeded: '✓',
	failed: '✗',
	skipped: '–',
	interrupted: '!',
	refused: '⊘',
};

export const stepWord: Record<StepOutcome, string> = {
	pending: 'pending',
	running: 'running',
	succeeded: 'done',
	failed: 'FAILED',
	skipped: 'skipped',
	interrupted: 'interrupted',
	refused: 'refused',
};

export const stepColor: Record<StepOutcome, string | undefined> = {
	pending: undefined,
	running: 'cyan',
	succeeded: 'green',
	failed: 'red',
	skipped: 'gray',
	interrupted: 'yellow',
	refused: 'magenta',
};

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(totalSeconds: number): string {
	const seconds = Math.max(0, Math.floor(totalSeconds));
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
	return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Cuts to `width` terminal cells with an ellipsis, so no line is ever wider than the terminal. */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	return cells(text) <= width ? text : `${cutCells(text, Math.max(0, width - 1))}…`;
}

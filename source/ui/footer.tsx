import {Text} from 'ink';
import {cells, padCells} from './cells.js';
import {fit} from './glyphs.js';

type FooterProps = {
	/** A message for the operator (last outcome, a refusal), shown before the hints. */
	readonly message: string | null;
	/** The keys that work in the view shown now (key-map.ts's table for it). */
	readonly hints: string;
	/** Whether this view opens the message whole (`m`): then a cut message says so. */
	readonly whole: boolean;
	readonly width: number;
};

export function Footer({message, hints, whole, width}: FooterProps) {
	// A message that does not fit with the hints keeps the room it can: cut, with `m message` after it where m opens
	// it.
	const short = whole ? 'm message' : (hints.split(' · ')[0] ?? '');
	const text = !message
		? wholeHints(hints, width)
		: cells(`${message} · ${hints}`) <= width
			? `${message} · ${hints}`
			: `${fit(message, Math.max(1, width - cells(short) - 3))} · ${short}`;
	return (
		<Text inverse wrap="truncate">
			{padCells(fit(text, width), width)}
		</Text>
	);
}

/** The hints that fit whole, in their order: each key is shown with its word or not at all (`?` lists every one). */
function wholeHints(hints: string, width: number): string {
	let shown = '';
	for (const hint of hints.split(' · ')) {
		const next = shown ? `${shown} · ${hint}` : hint;
		if (cells(next) > width) break;
		shown = next;
	}
	return shown || fit(hints, width);
}

import stringWidth from 'string-width';

/**
 * Text measured in terminal cells, not UTF-16 units: a Chinese character (a region, a line of
 * docker_init.sh) takes two cells, a combining mark none. Everything that pads, cuts or wraps for the
 * screen goes through here, so a row never spills past the terminal or out of its box.
 */

/** Printable ASCII: one cell per character, no need to segment. */
const ascii = /^[\u0020-\u007E]*$/;
/** Built at the first text that needs it: building one takes milliseconds the first frame need not spend. */
let graphemes: Intl.Segmenter | undefined;

/** The cells `text` takes on the screen. */
export const cells = (text: string): number => (ascii.test(text) ? text.length : stringWidth(text));

/** The text's characters as the terminal draws them (grapheme clusters), each with its width in cells. */
export function cellUnits(text: string): {readonly units: string[]; readonly widths: number[]} {
	if (ascii.test(text)) {
		const units = text.split('');
		return {units, widths: units.map(() => 1)};
	}
	graphemes ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	const units = Array.from(graphemes.segment(text), part => part.segment);
	return {units, widths: units.map(unit => stringWidth(unit))};
}

/**
 * The longest start of `text` that fits in `width` cells (a wide character that would straddle the edge is left out).
 */
export function cutCells(text: string, width: number): string {
	if (cells(text) <= width) return text;
	const {units, widths} = cellUnits(text);
	let used = 0;
	let count = 0;
	while (count < units.length && used + (widths[count] ?? 0) <= width) used += widths[count++] ?? 0;
	return units.slice(0, count).join('');
}

/** `text` followed by spaces up to `width` cells (as padEnd, counting cells). */
export const padCells = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - cells(text)));

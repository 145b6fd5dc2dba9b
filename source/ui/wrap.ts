import {cellUnits} from './cells.js';

/**
 * Splits text into rows of at most `width` terminal cells (a Chinese character takes two): at spaces
 * where it can, inside a word only when the word alone is wider than a row; a newline always starts a
 * row. Nothing is dropped.
 */
export function wrapText(text: string, width: number): string[] {
	const size = Math.max(1, width);
	const rows: string[] = [];
	for (const paragraph of text.split('\n')) {
		const {units, widths} = cellUnits(paragraph);
		if (units.length === 0) rows.push('');
		/** Cells of units[from..to). */
		const span = (from: number, to: number) => widths.slice(from, to).reduce((sum, cells) => sum + cells, 0);
		let start = 0;
		while (start < units.length) {
			// How many units fit in a row from here (at least one, even a wide character in a one-cell row).
			let fits = 0;
			for (let used = 0; start + fits < units.length && used + (widths[start + fits] ?? 0) <= size; fits += 1)
				used += widths[start + fits] ?? 0;
			if (start + fits === units.length) {
				rows.push(units.slice(start).join(''));
				break;
			}
			fits = Math.max(1, fits);
			const found = units.lastIndexOf(' ', start + fits) - start;
			// A word too long for any row (a path) fills this row rather than leaving it nearly empty.
			const nextSpace = units.indexOf(' ', start + found + 1);
			const nextWord = span(start + found + 1, nextSpace === -1 ? units.length : nextSpace);
			const space = found > 0 && nextWord <= size ? found : -1;
			const cut = space > 0 ? space : fits;
			rows.push(units.slice(start, start + cut).join(''));
			start += space > 0 ? cut + 1 : cut;
		}
	}
	return rows;
}

/** Rows whose first starts at the margin and whose others are indented by `indent` (a hanging indent). */
export function hangingWrap(text: string, width: number, indent: number): string[] {
	return text.split('\n').flatMap(paragraph => {
		const [first = ''] = wrapText(paragraph, width);
		const rest = paragraph.slice(first.length).replace(/^ /, '');
		return rest === '' ? [first] : [first, ...wrapText(rest, width - indent).map(row => `${' '.repeat(indent)}${row}`)];
	});
}

/**
 * Splits text into rows of at most `width` columns: at spaces where it can, inside a word only when the
 * word alone is wider than a row; a newline always starts a row. Nothing is dropped.
 */
export function wrapText(text: string, width: number): string[] {
	const size = Math.max(1, width);
	const rows: string[] = [];
	for (const paragraph of text.split('\n')) {
		let rest = [...paragraph];
		if (rest.length === 0) rows.push('');
		while (rest.length > 0) {
			if (rest.length <= size) {
				rows.push(rest.join(''));
				break;
			}
			const found = rest.lastIndexOf(' ', size);
			// A word too long for any row (a path) fills this row rather than leaving it nearly empty.
			const nextSpace = rest.indexOf(' ', found + 1);
			const nextWord = (nextSpace === -1 ? rest.length : nextSpace) - found - 1;
			const space = found > 0 && nextWord <= size ? found : -1;
			const cut = space > 0 ? space : size;
			rows.push(rest.slice(0, cut).join(''));
			rest = rest.slice(space > 0 ? cut + 1 : cut);
		}
	}
	return rows;
}

/** Rows whose first starts at the margin and whose others are indented by `indent` (a hanging indent). */
export function hangingWrap(text: string, width: number, indent: number): string[] {
	return text.split('\n').flatMap(paragraph => {
		const [first = ''] = wrapText(paragraph, width);
		const rest = [...paragraph]
			.slice([...first].length)
			.join('')
			.replace(/^ /, '');
		return rest === '' ? [first] : [first, ...wrapText(rest, width - indent).map(row => `${' '.repeat(indent)}${row}`)];
	});
}

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
			const space = rest.lastIndexOf(' ', size);
			const cut = space > 0 ? space : size;
			rows.push(rest.slice(0, cut).join(''));
			rest = rest.slice(space > 0 ? cut + 1 : cut);
		}
	}
	return rows;
}

/** A token of a statement the server printed: a word or punctuation, or a quoted name with its quotes removed. */
export type Token = {readonly text: string; readonly quoted: boolean};

/** Unquoted words in upper case, for keyword comparison; quoted names are never keywords. */
export const word = (token: Token | undefined) => (token && !token.quoted ? token.text.toUpperCase() : undefined);

/**
 * Splits one line into tokens. Backquoted names double their backquotes (a backslash is part of the name,
 * as in the pattern `oms\_%`); quoted strings double their quotes or escape with a backslash. Undefined
 * when a quote is left open.
 */
export function tokenize(line: string): Token[] | undefined {
	const tokens: Token[] = [];
	let at = 0;
	while (at < line.length) {
		const char = line.charAt(at);
		if (/\s/.test(char)) {
			at += 1;
		} else if (char === '`' || char === "'" || char === '"') {
			let value = '';
			for (at += 1; ;) {
				if (at >= line.length) return undefined;
				const next = line.charAt(at);
				if (next === char && line[at + 1] === char) {
					value += char;
					at += 2;
				} else if (next === char) {
					at += 1;
					break;
				} else if (next === '\\' && char !== '`' && at + 1 < line.length) {
					value += line[at + 1];
					at += 2;
				} else {
					value += next;
					at += 1;
				}
			}
			tokens.push({text: value, quoted: true});
		} else if ('.,()*@=;'.includes(char)) {
			tokens.push({text: char, quoted: false});
			at += 1;
		} else {
			const end = line.slice(at).search(/[\s.,()*@=;`'"]/);
			const stop = end < 0 ? line.length : at + end;
			tokens.push({text: line.slice(at, stop), quoted: false});
			at = stop;
		}
	}
	return tokens;
}

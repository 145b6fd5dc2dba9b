const codes = {red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1} as const;

/** ANSI colour for line output; never the only carrier of meaning (words and glyphs are). */
export function paint(text: string, color: keyof typeof codes, enabled: boolean): string {
	return enabled ? `\u001B[${codes[color]}m${text}\u001B[0m` : text;
}

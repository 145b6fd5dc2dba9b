// The benches' common contract. Every bench/*.bench.mjs run alone prints its own table; with --json its
// last stdout line is one object {"bench": name, "rows": [row…]} that bench/index.mjs gathers into one table.
// A row: {measure, tool, baseline, unit, ratio, goal, note}; tool and baseline in `unit`, ratio = tool/baseline.
// A goal reads "≤ 50 ms", "≥ 0.95×": a unit of × applies to the ratio, any other unit to the tool's value;
// a bare number ("≥ 0.9") to the ratio when the row has one, else to the tool's value. A range "0.75–1.25×"
// (or "A–B unit") holds when the figure lies within it, ends included. Other goals ("≈ 1 (streamed)") are
// shown, not checked.

/** ratio = tool / baseline, or null when either is missing or the baseline is 0. */
export const ratioOf = (tool, baseline) => (tool === null || baseline === null || baseline === 0 ? null : tool / baseline);

/** A row with every field of the contract present (missing ones null). */
export function row({measure, tool, baseline = null, unit, ratio = ratioOf(tool, baseline), goal = null, note = null}) {
	return {measure, tool, baseline, unit, ratio, goal, note};
}

/** true/false when the row has a goal it can be checked against, else null. */
export function goalMet(entry) {
	const range = /^\s*([\d.]+)\s*[–-]\s*([\d.]+)\s*(.*)$/.exec(entry.goal ?? '');
	if (range) {
		const onRatio = range[3].trim() === '×' || (range[3].trim() === '' && entry.ratio !== null && entry.ratio !== undefined);
		const value = onRatio ? entry.ratio : entry.tool;
		if (value === null || value === undefined || !Number.isFinite(value)) return null;
		return value >= Number(range[1]) && value <= Number(range[2]);
	}
	const match = /^\s*(≤|≥|<=|>=|<|>)\s*([\d.]+)\s*(.*)$/.exec(entry.goal ?? '');
	if (!match) return null;
	const [, op, limitText, unit] = match;
	const onRatio = unit.trim() === '×' || (unit.trim() === '' && entry.ratio !== null && entry.ratio !== undefined);
	const value = onRatio ? entry.ratio : entry.tool;
	if (value === null || value === undefined || !Number.isFinite(value)) return null;
	const limit = Number(limitText);
	return op === '≤' || op === '<=' ? value <= limit : op === '≥' || op === '>=' ? value >= limit : op === '<' ? value < limit : value > limit;
}

/** A number as people read it: 3 significant digits, thousands separated. */
export function formatNumber(value, unit = '') {
	if (value === null || value === undefined) return '–';
	const digits = Number.isInteger(value) || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
	const text = value.toLocaleString('en', {minimumFractionDigits: digits, maximumFractionDigits: digits});
	return unit === '%' ? `${text}%` : unit ? `${text} ${unit}` : text;
}

/** The table of rows: measure | tool | baseline | ratio | goal | met?, notes numbered under it. */
export function formatTable(rows, {bench = false} = {}) {
	const header = [...(bench ? ['bench'] : []), 'measure', 'tool', 'baseline', 'ratio', 'goal', 'met?'];
	const notes = [];
	const cells = rows.map(entry => {
		const met = goalMet(entry);
		let measure = entry.measure;
		if (entry.note) {
			notes.push(entry.note);
			measure += ` [${notes.length}]`;
		}
		return [
			...(bench ? [entry.bench] : []),
			measure,
			formatNumber(entry.tool, entry.unit),
			formatNumber(entry.baseline, entry.unit),
			entry.ratio === null || entry.ratio === undefined ? '–' : `${entry.ratio.toFixed(2)}×`,
			entry.goal ?? '',
			met === null ? '' : met ? 'yes' : 'NO',
		];
	});
	const widths = header.map((title, column) => Math.max(title.length, ...cells.map(line => line[column].length)));
	const numeric = new Set(['tool', 'baseline', 'ratio']);
	const render = line => line.map((cell, column) => (numeric.has(header[column]) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(' | ').trimEnd();
	return [render(header), widths.map(width => '-'.repeat(width)).join('-|-'), ...cells.map(render), ...notes.map((note, index) => `[${index + 1}] ${note}`)].join('\n');
}

/** What a bench prints at the end: its table, or with --json the one JSON line the harness reads. */
export function report(bench, rows, preface = []) {
	if (process.argv.includes('--json')) {
		process.stdout.write(`${JSON.stringify({bench, rows})}\n`);
		return;
	}
	for (const line of preface) console.log(line);
	console.log(formatTable(rows));
}

/** Progress for a person watching: stderr, so --json's stdout stays the contract. */
export const progress = (bench, text) => process.stderr.write(`${bench}: ${text}\n`);

/** The p-th percentile (0–100) of numbers, nearest rank. */
export function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = values => percentile(values, 50);

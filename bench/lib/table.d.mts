// Types of table.mjs, for the tests that import it.
/** One measured row of the benches' contract: tool and baseline in `unit`, ratio = tool / baseline. */
export type BenchRow = {
	/** What was measured. */
	readonly measure: string;
	/** The tool's figure, in unit. */
	readonly tool: number | null;
	/** The baseline's figure, in unit. */
	readonly baseline: number | null;
	/** The unit of tool and baseline. */
	readonly unit: string;
	/** tool / baseline. */
	readonly ratio: number | null;
	/** "≤ 50 ms" (on tool) or "≥ 0.95×" (on ratio). */
	readonly goal: string | null;
	/** How it was measured. */
	readonly note: string | null;
};
export function ratioOf(tool: number | null, baseline: number | null): number | null;
export function row(fields: {measure: string; tool: number | null; baseline?: number | null; unit: string; ratio?: number | null; goal?: string | null; note?: string | null}): BenchRow;
export function goalMet(entry: Pick<BenchRow, 'goal' | 'tool' | 'ratio'>): boolean | null;
export function formatNumber(value: number | null, unit?: string): string;
export function formatTable(rows: ReadonlyArray<BenchRow & {readonly bench?: string}>, options?: {bench?: boolean}): string;
export function report(bench: string, rows: readonly BenchRow[], preface?: readonly string[]): void;
export function progress(bench: string, text: string): void;
export function percentile(values: readonly number[], p: number): number;
export function median(values: readonly number[]): number;

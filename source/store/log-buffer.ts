/** One line of the log pane. */
export type LogLine = {
	readonly at: string;
	/** The step it belongs to; null for lines about the run or the panel itself. */
	readonly step: string | null;
	readonly node: string | null;
	readonly level: 'info' | 'warn' | 'error';
	readonly text: string;
};

/**
 * A bounded ring buffer of log lines, kept outside React: appending is O(1) and never re-renders
 * by itself; the store publishes a revision number at a bounded rate instead.
 */
export class LogBuffer {
	private readonly lines: Array<LogLine | undefined>;
	private start = 0;
	private count = 0;
	/** Total lines ever appended, so viewers can tell new lines from old. */
	appended = 0;

	constructor(readonly capacity: number) {
		this.lines = Array.from({length: capacity});
	}

	push(line: LogLine): void {
		const index = (this.start + this.count) % this.capacity;
		this.lines[index] = line;
		if (this.count < this.capacity) this.count += 1;
		else this.start = (this.start + 1) % this.capacity;
		this.appended += 1;
	}

	get size(): number {
		return this.count;
	}

	/** The lines matching `keep`, oldest first. */
	select(keep: (line: LogLine) => boolean): LogLine[] {
		const result: LogLine[] = [];
		for (let offset = 0; offset < this.count; offset += 1) {
			const line = this.lines[(this.start + offset) % this.capacity];
			if (line && keep(line)) result.push(line);
		}
		return result;
	}
}

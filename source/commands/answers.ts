import {createInterface, type Interface} from 'node:readline';

/**
 * The answers to a run's questions, read from stdin one line per question by one reader for the whole
 * run. A reader per question would lose answers: the first one reads ahead whatever the pipe holds
 * (`printf 'y\ny\n' | oms-upgrade run`), and what it read goes with it when it closes.
 *
 * From a terminal only a line typed after its question counts: a key pressed while a step was running
 * (Enter, `y`) never answers the next destructive question, nor does one typed before the command began
 * reading (the terminal keeps it until then): a terminal is read from the start, and what it already held
 * (what arrives in the first moments of reading) is dropped. From a pipe or a file every line is an
 * answer, in order.
 */
/** How soon after reading begins a terminal's line is taken for one typed before it: no one answers faster. */
const typedAheadMs = 150;

export class Answers {
	private reader: Interface | undefined;
	private readonly lines: string[] = [];
	private waiting: ((line: string | undefined) => void) | undefined;
	private ended = false;
	/** When reading began: from a terminal, a line that arrives within typedAheadMs of it was typed before. */
	private openedAt = 0;

	constructor(
		private readonly input: NodeJS.ReadableStream & {readonly isTTY?: boolean} = process.stdin,
		private readonly prompt: (text: string) => void = text => process.stderr.write(text),
	) {
		if (input.isTTY) this.open();
	}

	/** Shows `prompt` and resolves with the next line, or undefined at end of input or when `signal` aborts. */
	async next(prompt: string, signal: AbortSignal): Promise<string | undefined> {
		this.open();
		if (this.input.isTTY) this.lines.length = 0;
		this.prompt(prompt);
		if (this.lines.length > 0) return this.lines.shift();
		if (this.ended || signal.aborted) return undefined;
		return new Promise(resolve => {
			const onAbort = () => this.settle(undefined);
			signal.addEventListener('abort', onAbort, {once: true});
			this.waiting = line => {
				signal.removeEventListener('abort', onAbort);
				resolve(line);
			};
		});
	}

	/** Stops reading stdin, so it does not keep the process alive once the run is over. */
	close(): void {
		this.reader?.close();
		this.reader = undefined;
	}

	private open(): void {
		if (this.reader || this.ended) return;
		this.reader = createInterface({input: this.input, terminal: false});
		this.openedAt = performance.now();
		this.reader.on('line', line => {
			if (this.input.isTTY && performance.now() - this.openedAt < typedAheadMs) return;
			if (this.waiting) this.settle(line);
			else this.lines.push(line);
		});
		this.reader.on('close', () => {
			this.ended = true;
			this.reader = undefined;
			this.settle(undefined);
		});
	}

	private settle(line: string | undefined): void {
		const waiting = this.waiting;
		this.waiting = undefined;
		waiting?.(line);
	}
}

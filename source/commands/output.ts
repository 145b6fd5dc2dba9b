import {redact} from '../domain/redact.js';

/** Where commands write: cli.tsx hands them stdout/stderr; everything passes through `redact`. */
export type Output = {
	readonly line: (text?: string) => void;
	readonly error: (text: string) => void;
	readonly color: boolean;
};

const closed = new Set<NodeJS.WritableStream>();
const listeners = new Set<() => void>();

/**
 * A reader that goes away (`| head`, `| tee` ended by Ctrl-C, an SSH session dropped) makes every later
 * write fail with EPIPE or EIO. That is an interruption, not a crash: writes to that stream stop, and a
 * running command (which listens here) finishes its current call, records where it stopped and exits 130.
 * With nothing running, the program ends quietly as `cat | head` would.
 */
export function guardOutput(streams: readonly NodeJS.WritableStream[]): void {
	for (const stream of streams) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE' && error.code !== 'EIO' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
			if (closed.has(stream)) return;
			closed.add(stream);
			if (listeners.size === 0) process.exit(process.exitCode ?? 0);
			for (const listener of listeners) listener();
		});
	}
}

/** Calls `listener` when an output stream closes under a running command; returns the unsubscribe. */
export function onOutputClosed(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

function write(stream: NodeJS.WritableStream, text: string): void {
	if (closed.has(stream) || (stream as {destroyed?: boolean}).destroyed) return;
	stream.write(text);
}

export function streamOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, color: boolean): Output {
	return {
		line: (text = '') => write(stdout, redact(text) + '\n'),
		error: text => write(stderr, redact(text) + '\n'),
		color,
	};
}

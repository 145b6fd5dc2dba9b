import {redact} from '../domain/redact.js';

/** Where commands write: cli.tsx hands them stdout/stderr; everything passes through `redact`. */
export type Output = {
	readonly line: (text?: string) => void;
	readonly error: (text: string) => void;
	readonly color: boolean;
};

export function streamOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, color: boolean): Output {
	return {
		line: (text = '') => stdout.write(redact(text) + '\n'),
		error: text => stderr.write(redact(text) + '\n'),
		color,
	};
}

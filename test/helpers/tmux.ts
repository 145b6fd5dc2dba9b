import {execa} from 'execa';
import {waitFor} from '../../source/domain/wait.js';

/** A terminal program under tmux, driven as a person would: send-keys to type, capture-pane to read. */
export type Terminal = {
	/** The visible screen; with escapes, including colour and attribute codes. */
	readonly screen: (options?: {escapes?: boolean}) => Promise<string>;
	readonly waitForScreen: (match: string | RegExp, timeoutMs?: number) => Promise<string>;
	readonly keys: (...keys: string[]) => Promise<void>;
	/**
	 * Presses a key until the screen shows `match`: the panel ignores printable keys for 150 ms after
	 * an escape (they may be the tail of a split escape sequence), as a person's next key never is.
	 */
	readonly pressUntil: (key: string, match: string | RegExp, timeoutMs?: number) => Promise<string>;
	readonly resize: (columns: number, rows: number) => Promise<void>;
	readonly kill: () => Promise<void>;
};

export async function ensureTmux(): Promise<void> {
	const found = await execa('tmux', ['-V'], {reject: false});
	if (found.exitCode === 0) return;
	if (process.getuid?.() !== 0) throw new Error('tmux is missing: apt-get install tmux');
	await execa('apt-get', ['install', '-y', '-qq', 'tmux'], {env: {DEBIAN_FRONTEND: 'noninteractive'}});
}

export async function openTerminal(label: string, command: string, columns: number, rows: number): Promise<Terminal> {
	await ensureTmux();
	// One tmux server per terminal and test process: test runs side by side never share a session.
	const name = `${label}-${process.pid}`;
	const tmux = (...args: string[]) => execa('tmux', ['-L', name, ...args]);
	await tmux('-f', '/dev/null', 'new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), command);
	await tmux('set-option', '-t', name, 'window-size', 'manual');
	const screen = async (options: {escapes?: boolean} = {}) => (await tmux('capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', name)).stdout;
	return {
		screen,
		waitForScreen: async (match, timeoutMs = 60_000) =>
			waitFor(
				async () => {
					const text = await screen();
					return (typeof match === 'string' ? text.includes(match) : match.test(text)) ? text : undefined;
				},
				{timeoutMs, intervalMs: 100, message: `screen never showed ${String(match)}; last screen:\n${await screen().catch(() => '(gone)')}`},
			),
		keys: async (...keys) => {
			await tmux('send-keys', '-t', name, ...keys);
		},
		pressUntil: async (key, match, timeoutMs = 60_000) => {
			const shows = (text: string) => (typeof match === 'string' ? text.includes(match) : match.test(text));
			let lastPress = 0;
			return waitFor(
				async () => {
					const text = await screen();
					if (shows(text)) return text;
					if (Date.now() - lastPress > 1000) {
						lastPress = Date.now();
						await tmux('send-keys', '-t', name, key);
					}
					return undefined;
				},
				{timeoutMs, intervalMs: 100, message: `pressing ${key} never showed ${String(match)}`},
			);
		},
		resize: async (width, height) => {
			await tmux('resize-window', '-t', name, '-x', String(width), '-y', String(height));
		},
		kill: async () => {
			await tmux('kill-server').catch(() => undefined);
		},
	};
}

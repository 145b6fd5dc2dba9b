import {execa} from 'execa';
import {waitFor} from '../../source/domain/wait.js';

/** A terminal program under tmux, driven as a person would: send-keys to type, capture-pane to read. */
export type Terminal = {
	/** The visible screen; with escapes, including colour and attribute codes. */
	readonly screen: (options?: {escapes?: boolean}) => Promise<string>;
	readonly waitForScreen: (match: string | RegExp, timeoutMs?: number) => Promise<string>;
	readonly keys: (...keys: string[]) => Promise<void>;
	/**
	 * Presses a key once a second until the screen shows `match`, as a person answers y to one
	 * question after another.
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
	const screen = async (options: {escapes?: boolean} = {}) =>
		(await tmux('capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', name)).stdout;
	return {
		screen,
		waitForScreen: async (match, timeoutMs = 60_000) => {
			// The screen named on a timeout is the last one read, not the one at the call.
			let last = '(never read)';
			return waitFor(
				async () => {
					last = await screen().catch(() => '(gone)');
					return (typeof match === 'string' ? last.includes(match) : match.test(last)) ? last : undefined;
				},
				{timeoutMs, intervalMs: 100},
			).catch(() => {
				throw new Error(
					`screen never showed ${String(match)} within ${Math.round(timeoutMs / 1000)}s; last screen:\n${last}`,
				);
			});
		},
		keys: async (...keys) => {
			await tmux('send-keys', '-t', name, ...keys);
		},
		pressUntil: async (key, match, timeoutMs = 60_000) => {
			const shows = (text: string) => (typeof match === 'string' ? text.includes(match) : match.test(text));
			let lastPress = 0;
			let last = '(never read)';
			return waitFor(
				async () => {
					const text = await screen();
					last = text;
					if (shows(text)) return text;
					if (Date.now() - lastPress > 1000) {
						lastPress = Date.now();
						await tmux('send-keys', '-t', name, key);
					}
					return undefined;
				},
				{timeoutMs, intervalMs: 100},
			).catch(() => {
				throw new Error(`pressing ${key} never showed ${String(match)}; last screen:\n${last}`);
			});
		},
		resize: async (width, height) => {
			await tmux('resize-window', '-t', name, '-x', String(width), '-y', String(height));
		},
		kill: async () => {
			await tmux('kill-server').catch(() => undefined);
		},
	};
}

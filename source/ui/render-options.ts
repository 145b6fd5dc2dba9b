import type {RenderOptions} from 'ink';

/**
 * How the console asks Ink to draw the panel. Ink's own throttle is set to 1 ms (maxFps 1000), i.e.
 * off: the store already coalesces the streams that could flood the screen (log lines and uploads reach
 * React at most ~10 times a second), so at Ink's default 30 frames a second the throttle only ever held
 * back a key's frame for up to 33 ms behind the log's last frame (bench/key-latency.bench.mjs).
 */
export const panelRenderOptions = {
	exitOnCtrlC: false,
	patchConsole: false,
	maxFps: 1000,
} as const satisfies RenderOptions;

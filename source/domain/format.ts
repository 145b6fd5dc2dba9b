/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit += 1;
	}
	return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** 75 → "1m15s". */
export function formatDuration(totalSeconds: number): string {
	const seconds = Math.max(0, Math.round(totalSeconds));
	const hours = Math.floor(seconds / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const rest = seconds % 60;
	if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
	if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
	return `${rest}s`;
}

/** A count and its noun, singular for one: `counted(1, 'region')` is "1 region", `counted(2, 'region')` "2 regions". */
export function counted(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Seconds with a tenth where a tenth matters: under 10 s "0.4s", "9.9s"; from there on as formatDuration. A lab
 * step of 0.4 s must not read "0s" beside an actual of 0.4 s.
 */
export function formatSeconds(totalSeconds: number): string {
	const tenths = Math.max(0, Math.round(totalSeconds * 10) / 10);
	// A step of a few milliseconds took time: "0.0s" would read as none.
	if (tenths === 0 && totalSeconds > 0) return '<0.1s';
	return tenths < 10 ? `${tenths.toFixed(1)}s` : formatDuration(totalSeconds);
}

/** Seconds kept as a figure: to the tenth under 10 s, whole seconds from there on. */
export function roundSeconds(seconds: number): number {
	return seconds < 9.95 ? Math.round(seconds * 10) / 10 : Math.round(seconds);
}

/** `text` ended as one sentence: a full stop added unless it already ends with one (or with ! or ?). */
export function sentence(text: string): string {
	return /[.!?]$/.test(text) ? text : `${text}.`;
}

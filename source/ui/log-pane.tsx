import {Box, Text} from 'ink';
import type {LogLine} from '../store/log-buffer.js';
import {fit} from './glyphs.js';
import {hangingWrap} from './wrap.js';

type LogPaneProps = {
	/** What the pane shows, e.g. the selected step's id. */
	readonly source: string;
	/** The lines of that source, oldest first, already filtered. */
	readonly lines: readonly LogLine[];
	readonly follow: boolean;
	/** Lines scrolled up from the newest when not following. */
	readonly scroll: number;
	readonly filter: string;
	readonly filtering: boolean;
	readonly focused: boolean;
	/** Long lines take as many rows as they need; otherwise they are cut with `…`. */
	readonly wrap: boolean;
	readonly width: number;
	readonly height: number;
};

/** As the pane shows a line: time, node, level, text. */
export const logText = (line: LogLine) =>
	`${line.at.slice(11, 19)} ${line.node ? `${line.node} ` : ''}${line.level === 'info' ? '' : `${line.level.toUpperCase()} `}${line.text}`;

/** The line at the bottom of the pane, which `enter` opens: the newest, or the one scrolled to. */
export function cursorIndex(count: number, follow: boolean, scroll: number): number {
	return count - 1 - (follow ? 0 : Math.min(scroll, Math.max(0, count - 1)));
}

/** Continuation rows of a wrapped line start under its text, past the time column. */
const hang = 9;

/** The selected step's output; follows new lines unless scrolled; `/` filters; `w` wraps. */
export function LogPane({
	source,
	lines,
	follow,
	scroll,
	filter,
	filtering,
	focused,
	wrap,
	width,
	height,
}: LogPaneProps) {
	const visible = Math.max(0, height - 1);
	const cursor = cursorIndex(lines.length, follow, scroll);
	// With the focus here, a gutter marks the line `enter` opens (a sign, not only inverse video).
	const gutter = focused ? 1 : 0;
	const inner = width - gutter;
	const rows: Array<{key: string; text: string; line: LogLine; current: boolean}> = [];
	const rowsOf = (index: number, line: LogLine) => {
		const current = focused && index === cursor;
		return (wrap ? hangingWrap(logText(line), inner, hang) : [fit(logText(line), inner)]).map((row, part) => ({
			key: `${index}-${part}`,
			text: `${focused ? (current && part === 0 ? '▸' : ' ') : ''}${row}`,
			line,
			current,
		}));
	};
	// The cursor's line at the bottom, older lines above it…
	for (let index = cursor; index >= 0 && rows.length < visible; index -= 1) {
		const line = lines[index];
		if (!line) break;
		const own = rowsOf(index, line);
		rows.unshift(...own.slice(Math.max(0, own.length - (visible - rows.length))));
	}
	// …and, when there are too few older lines to fill the pane (scrolled to the top), the newer ones below it.
	let last = cursor;
	for (let index = cursor + 1; rows.length < visible; index += 1) {
		const line = lines[index];
		if (!line) break;
		rows.push(...rowsOf(index, line).slice(0, visible - rows.length));
		last = index;
	}
	const newer = lines.length - 1 - last;
	const state = follow ? 'following' : `paused${newer > 0 ? `, ${newer} newer below` : ''}`;
	const filterText = filtering ? ` · filter /${filter}▏` : filter ? ` · filter /${filter}` : '';
	const hint = focused ? ' · enter opens ▸ whole' : '';
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">
				{fit(
					`Log${focused ? ' ◂' : ''} · ${source} · ${state}${filterText}${wrap ? '' : ' · cut (w wraps)'}${hint}`,
					width,
				)}
			</Text>
			{rows.map(row => (
				<Text
					key={row.key}
					color={row.line.level === 'error' ? 'red' : row.line.level === 'warn' ? 'yellow' : undefined}
					inverse={row.current}
					wrap="truncate"
				>
					{row.text}
				</Text>
			))}
		</Box>
	);
}

import {Box, Text} from 'ink';
import {fit} from '../glyphs.js';
import {hangingWrap} from '../wrap.js';

/** One line of a scrollable view; long lines wrap, with `indent` spaces before their following rows. */
export type ViewLine = {
	readonly text: string;
	readonly color?: string;
	readonly bold?: boolean;
	readonly indent?: number;
};

type ScrollViewProps = {
	/** The first row, always shown: what this is and how to leave. */
	readonly title: string;
	readonly lines: readonly ViewLine[];
	/** Rows scrolled down from the top. */
	readonly scroll: number;
	readonly width: number;
	readonly height: number;
};

/** The rows the lines take at this width: the same split the view draws, so scrolling knows its end. */
function viewRows(lines: readonly ViewLine[], width: number): ViewLine[] {
	const inner = Math.max(8, width - 4);
	return lines.flatMap(line => hangingWrap(line.text, inner, line.indent ?? 0).map(text => ({...line, text})));
}

/** Rows that fit below the title and above the position line. */
const viewCapacity = (height: number) => Math.max(1, height - 4);

/** How far this view can scroll: the rows that do not fit. */
export function scrollLimit(lines: readonly ViewLine[], width: number, height: number): number {
	return Math.max(0, viewRows(lines, width).length - viewCapacity(height));
}

/** A bordered view over any number of lines: wraps them, shows a window, says where it is. */
export function ScrollView({title, lines, scroll, width, height}: ScrollViewProps) {
	const rows = viewRows(lines, width);
	const capacity = viewCapacity(height);
	const offset = Math.max(0, Math.min(scroll, rows.length - capacity));
	const shown = rows.slice(offset, offset + capacity);
	const position =
		rows.length > capacity
			? `rows ${offset + 1}–${offset + shown.length} of ${rows.length} · j/k ↑/↓ scroll · PgUp/PgDn page · g/G top/end`
			: `all ${rows.length} rows shown`;
	return (
		<Box flexDirection="column" borderStyle="double" width={width} height={height} paddingX={1} overflow="hidden">
			<Text bold wrap="truncate">
				{fit(title, width - 4)}
			</Text>
			{shown.map((row, index) => (
				<Text key={offset + index} color={row.color} bold={row.bold} wrap="truncate">
					{row.text === '' ? ' ' : row.text}
				</Text>
			))}
			{Array.from({length: capacity - shown.length}, (_, index) => (
				<Text key={`pad-${index}`}> </Text>
			))}
			<Text dimColor wrap="truncate">
				{fit(position, width - 4)}
			</Text>
		</Box>
	);
}

import {Box, Text} from 'ink';
import type {LogLine} from '../store/log-buffer.js';
import {fit} from './glyphs.js';

export type LogPaneProps = {
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
	readonly width: number;
	readonly height: number;
};

/** The selected step's output; follows new lines unless scrolled; `/` filters. */
export function LogPane({source, lines, follow, scroll, filter, filtering, focused, width, height}: LogPaneProps) {
	const visible = Math.max(0, height - 1);
	const offset = follow ? 0 : Math.min(scroll, Math.max(0, lines.length - visible));
	const end = lines.length - offset;
	const shown = lines.slice(Math.max(0, end - visible), end);
	const state = follow ? 'following' : `paused${offset > 0 ? `, ${offset} newer below` : ''}`;
	const filterText = filtering ? ` · filter /${filter}▏` : filter ? ` · filter /${filter}` : '';
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">
				{fit(`Log · ${source} · ${state}${filterText}${focused ? ' ◂' : ''}`, width)}
			</Text>
			{shown.map((line, index) => (
				<Text key={`${end}-${index}`} color={line.level === 'error' ? 'red' : line.level === 'warn' ? 'yellow' : undefined} wrap="truncate">
					{fit(`${line.at.slice(11, 19)} ${line.node ? `${line.node} ` : ''}${line.level === 'info' ? '' : `${line.level.toUpperCase()} `}${line.text}`, width)}
				</Text>
			))}
		</Box>
	);
}

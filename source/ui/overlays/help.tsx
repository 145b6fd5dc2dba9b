import {Box, Text} from 'ink';
import {fit} from '../glyphs.js';

export const helpLines: ReadonlyArray<readonly [string, string]> = [
	['enter', 'run the next step (destructive steps ask first)'],
	['a', 'run to the end, stopping at every confirmation'],
	['R', 'retry the failed or interrupted step'],
	['X', 'roll back (type rollback and press enter)'],
	['b', 'mount binds: old vs new per node'],
	['h', 'what HA does after the upgrade (the guide\'s table)'],
	['?', 'this help'],
	['tab', 'move focus between steps and log'],
	['j/k ↑/↓', 'select a step, or scroll the log when it has focus'],
	['f', 'follow the log (pauses when you scroll)'],
	['/', 'filter the log; enter keeps it, esc clears it'],
	['esc', 'close or cancel; never starts anything'],
	['q, Ctrl-C', 'quit (asks while a step runs; the journal keeps the state)'],
];

export function Help({width, height}: {readonly width: number; readonly height: number}) {
	return (
		<Box flexDirection="column" borderStyle="double" width={width} height={height} paddingX={1} overflow="hidden">
			<Text bold>Keys · esc closes</Text>
			{helpLines.map(([key, text]) => (
				<Text key={key} wrap="truncate">
					{fit(`${key.padEnd(10)} ${text}`, width - 4)}
				</Text>
			))}
		</Box>
	);
}

import {Box, Text} from 'ink';
import {haColumns, haRows} from '../../domain/ha-behaviour.js';

type HaTableProps = {
	readonly width: number;
	readonly height: number;
};

export {haColumns, haRows} from '../../domain/ha-behaviour.js';

/** The same three rows in fewer words, for terminals where the guide's wording does not fit. */
const haRowsShort: ReadonlyArray<readonly [string, string, string]> = [
	[
		'Running normally (Incr-Sync and Store running)',
		'Unchanged; Incr-Sync fails; Store fails',
		'Unchanged; HA starts Incr-Sync; HA creates Stores per the HA configuration',
	],
	[
		'Failed (Incr-Sync and Store exception)',
		'Unchanged; Incr-Sync fails; Store fails',
		'Unchanged; HA starts Incr-Sync; HA creates Stores per the HA configuration',
	],
	[
		'Suspended (Incr-Sync suspended, Store running)',
		'Unchanged; Incr-Sync suspended; Store exception',
		'Unchanged; Incr-Sync paused; HA creates a Store per the HA configuration',
	],
];

const haColumnsShort = ['Before the upgrade', 'After, HA disabled', 'After, HA enabled'] as const;

export function HaTable({width, height}: HaTableProps) {
	const compact = width < 120 || height < 30;
	const columns = compact ? haColumnsShort : haColumns;
	const rows = compact ? haRowsShort : haRows;
	const inner = width - 4;
	const first = Math.floor(inner * 0.3);
	const rest = Math.floor((inner - first) / 2);
	const widths = [first, rest, inner - first - rest];
	const row = (cells: readonly string[], key: string, bold = false) => (
		<Box key={key} flexDirection="row">
			{cells.map((cell, index) => (
				<Box key={index} width={widths[index]} paddingRight={2}>
					<Text bold={bold} wrap="wrap">
						{cell}
					</Text>
				</Box>
			))}
		</Box>
	);
	return (
		<Box flexDirection="column" borderStyle="double" width={width} height={height} paddingX={1} overflow="hidden">
			<Text bold>What HA does after the upgrade (from the OMS upgrade guide) · esc closes</Text>
			{row(columns, 'head', true)}
			{rows.map((cells, index) => (
				<Box key={index} flexDirection="column">
					<Text color="gray">{'─'.repeat(inner)}</Text>
					{row(cells, `row-${index}`)}
				</Box>
			))}
		</Box>
	);
}

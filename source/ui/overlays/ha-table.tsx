import {Box, Text} from 'ink';

export type HaTableProps = {
	readonly width: number;
	readonly height: number;
};

/** The guide's table of what HA does after the upgrade, by the task's state before it: three rows, three columns. */
export const haColumns = ['Task/Component status before upgrade', 'After the upgrade (HA is disabled)', 'After the upgrade (HA enabled)'] as const;

const unchangedFails = 'The task status remains unchanged. The Incr-Sync component fails. The Store component fails.';
const haRestarts = 'The task status remains unchanged. HA automatically starts the Incr-Sync component. HA creates Store components based on the configuration (Modify HA configurations).';

export const haRows: ReadonlyArray<readonly [string, string, string]> = [
	['The task is running normally: the Incr-Sync component is running normally; the Store component is running normally.', unchangedFails, haRestarts],
	['Task failure: Incr-Sync component exception; Store component exception.', unchangedFails, haRestarts],
	[
		'Task suspended: the Incr-Sync component is suspended; the Store component is running normally.',
		'The task status remains unchanged. The Incr-Sync component is suspended. The Store component encounters an exception.',
		'The task status remains unchanged. The Incr-Sync component is paused. HA creates a Store component based on the configuration (Modify HA configurations).',
	],
];

/** The same three rows in fewer words, for terminals where the guide's wording does not fit. */
export const haRowsShort: ReadonlyArray<readonly [string, string, string]> = [
	['Running normally (Incr-Sync and Store running)', 'Unchanged; Incr-Sync fails; Store fails', 'Unchanged; HA starts Incr-Sync; HA creates Stores per the HA configuration'],
	['Failed (Incr-Sync and Store exception)', 'Unchanged; Incr-Sync fails; Store fails', 'Unchanged; HA starts Incr-Sync; HA creates Stores per the HA configuration'],
	['Suspended (Incr-Sync suspended, Store running)', 'Unchanged; Incr-Sync suspended; Store exception', 'Unchanged; Incr-Sync paused; HA creates a Store per the HA configuration'],
];

export const haColumnsShort = ['Before the upgrade', 'After, HA disabled', 'After, HA enabled'] as const;

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

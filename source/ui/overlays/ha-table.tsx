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

export function HaTable({width, height}: HaTableProps) {
	const inner = width - 4;
	const first = Math.floor(inner * 0.3);
	const rest = Math.floor((inner - first) / 2);
	const widths = [first, rest, inner - first - rest];
	const row = (cells: readonly string[], key: string, bold = false) => (
		<Box key={key} flexDirection="row">
			{cells.map((cell, index) => (
				<Box key={index} width={widths[index]} paddingRight={1}>
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
			{row(haColumns, 'head', true)}
			{haRows.map((cells, index) => row(cells, `row-${index}`))}
		</Box>
	);
}

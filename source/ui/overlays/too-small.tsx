import {Box, Text} from 'ink';

/** Below 80×24 the panel cannot show its parts honestly; it says so instead. */
export function TooSmall({columns, rows}: {readonly columns: number; readonly rows: number}) {
	return (
		<Box flexDirection="column">
			<Text bold>Terminal too small</Text>
			<Text>{`${columns}×${rows}; the panel needs at least 80×24.`}</Text>
			<Text>Enlarge the window, or press q.</Text>
		</Box>
	);
}

import {Box, Text} from 'ink';
import type {NodeView} from '../store/panel-state.js';
import {NodeCard} from './node-card.js';

export type NodeGridProps = {
	readonly nodes: readonly NodeView[];
	readonly width: number;
	/** Rows of cards that fit; the rest is counted. */
	readonly maxRows: number;
	/** Seconds since T1, or null before it (stale heartbeats are marked). */
	readonly sinceT1Sec?: number | null;
};

export const cardHeight = 8;
const minCardWidth = 26;

/** Cards side by side, as many per row as the width allows. */
export function NodeGrid({nodes, width, maxRows, sinceT1Sec = null}: NodeGridProps) {
	const perRow = Math.max(1, Math.min(nodes.length, Math.floor(width / minCardWidth)));
	const cardWidth = Math.floor(width / perRow);
	const shown = nodes.slice(0, perRow * Math.max(1, maxRows));
	const rows: NodeView[][] = [];
	for (let index = 0; index < shown.length; index += perRow) rows.push(shown.slice(index, index + perRow));
	return (
		<Box flexDirection="column" width={width}>
			{rows.map(row => (
				<Box key={row[0]!.host} flexDirection="row">
					{row.map(node => (
						<NodeCard key={node.host} node={node} width={cardWidth} sinceT1Sec={sinceT1Sec} />
					))}
				</Box>
			))}
			{shown.length < nodes.length ? <Text>{`+${nodes.length - shown.length} more nodes (b lists every node)`}</Text> : null}
		</Box>
	);
}

/** How many terminal rows the grid takes for this many nodes. */
export function gridHeight(nodeCount: number, width: number, maxRows: number): number {
	const perRow = Math.max(1, Math.min(nodeCount, Math.floor(width / minCardWidth)));
	const rows = Math.min(Math.ceil(nodeCount / perRow), Math.max(1, maxRows));
	return rows * cardHeight + (rows * perRow < nodeCount ? 1 : 0);
}

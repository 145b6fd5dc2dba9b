import {Box, Text} from 'ink';
import {memo} from 'react';
import type {NodeView} from '../store/panel-state.js';
import {cells, padCells} from './cells.js';
import {fit, stepGlyph} from './glyphs.js';
import {healthColor, healthText, NodeCard, shortHealth} from './node-card.js';
import {transferText} from './transfer-text.js';

type NodeGridProps = {
	readonly nodes: readonly NodeView[];
	readonly width: number;
	/** Rows of cards the screen gives the grid; when the cards do not fit there, one row per node instead. */
	readonly maxRows: number;
	/** The node `[` and `]` picked: the compact list keeps it in view and marks it. */
	readonly cursor?: number;
	/** Seconds since T1, or null before it (stale heartbeats are marked). */
	readonly sinceT1Sec?: number | null;
};

const cardHeight = 8;
const minCardWidth = 26;

const perRowOf = (count: number, width: number) => Math.max(1, Math.min(count, Math.floor(width / minCardWidth)));
const cardsFit = (count: number, width: number, maxRows: number) =>
	count <= perRowOf(count, width) * Math.max(1, maxRows);

/**
 * Cards side by side while every node fits as a card; past that, one row per node with the same facts,
 * so no node hides behind a "more" line: at 120×40 nine nodes all show, at 80×24 seven, and the
 * header counts them and pages to the one `[`/`]` picked (the node view, `n`, shows it whole). Memoised: the
 * nodes list keeps its identity until a node changes, so a log line or the store's tick does not render it.
 */
export const NodeGrid = memo(function NodeGrid({nodes, width, maxRows, cursor = 0, sinceT1Sec = null}: NodeGridProps) {
	if (!cardsFit(nodes.length, width, maxRows))
		return (
			<NodeRows nodes={nodes} width={width} lines={maxRows * cardHeight} cursor={cursor} sinceT1Sec={sinceT1Sec} />
		);
	const perRow = perRowOf(nodes.length, width);
	const cardWidth = Math.floor(width / perRow);
	const rows: NodeView[][] = [];
	for (let index = 0; index < nodes.length; index += perRow) rows.push(nodes.slice(index, index + perRow));
	return (
		<Box flexDirection="column" width={width}>
			{rows.map(row => (
				<Box key={row[0]?.host} flexDirection="row">
					{row.map(node => (
						<NodeCard key={node.host} node={node} width={cardWidth} sinceT1Sec={sinceT1Sec} />
					))}
				</Box>
			))}
		</Box>
	);
});

function NodeRows({
	nodes,
	width,
	lines,
	cursor,
	sinceT1Sec,
}: {
	readonly nodes: readonly NodeView[];
	readonly width: number;
	readonly lines: number;
	readonly cursor: number;
	readonly sinceT1Sec: number | null;
}) {
	const perPage = Math.max(1, lines - 1);
	const first = Math.floor(Math.min(cursor, nodes.length - 1) / perPage) * perPage;
	const shown = nodes.slice(first, first + perPage);
	const hostWidth = Math.max(...nodes.map(node => cells(node.host)));
	const regionWidth = Math.max(...nodes.map(node => cells(node.region)));
	const range =
		shown.length < nodes.length ? `${first + 1}–${first + shown.length} of ${nodes.length}` : `all ${nodes.length}`;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				{fit(`Nodes ${range} · [ ] pick · n opens the picked node`, width)}
			</Text>
			{shown.map((node, index) => (
				<Text
					key={node.host}
					wrap="truncate"
					color={healthColor(node, sinceT1Sec) === 'green' ? undefined : healthColor(node, sinceT1Sec)}
					inverse={first + index === cursor}
				>
					{fit(nodeRow(node, hostWidth, regionWidth, first + index === cursor, sinceT1Sec), width)}
				</Text>
			))}
		</Box>
	);
}

const link = {connecting: ' ssh …', connected: ' ssh ✓', reconnecting: ' ssh ◐', lost: ' ssh ✗'} as const;

/** One node in one line, the card's facts in the card's words (shortened where the width is short). */
export function nodeRow(
	node: NodeView,
	hostWidth: number,
	regionWidth: number,
	picked: boolean,
	sinceT1Sec: number | null,
): string {
	const init = node.init !== null ? stepGlyph[node.init] : node.initBy ? 'peer' : '○';
	const health = node.reachable ? shortHealth(healthText(node, sinceT1Sec)) : '✗ engine not answering';
	return `${picked ? '▸' : ' '}${padCells(node.host, hostWidth)} ${padCells(node.region, regionWidth)} old ${(node.oldState ?? '…').padEnd(7)} new ${(node.newState ?? '…').padEnd(7)} img ${node.transfer ? transferText(node.transfer, 16) : node.imageStaged ? '✓' : '○'} init ${init.padEnd(4)} ${health}${node.ssh ? link[node.ssh] : ''}`;
}

/** How many terminal rows the grid takes for this many nodes. */
export function gridHeight(nodeCount: number, width: number, maxRows: number): number {
	if (!cardsFit(nodeCount, width, maxRows)) return Math.min(1 + nodeCount, Math.max(1, maxRows) * cardHeight);
	return Math.ceil(nodeCount / perRowOf(nodeCount, width)) * cardHeight;
}

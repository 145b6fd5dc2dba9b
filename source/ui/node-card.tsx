import {Box, Text} from 'ink';
import type {NodeView} from '../store/panel-state.js';
import {fit, stepGlyph} from './glyphs.js';

export type NodeCardProps = {
	/** The node's live and step-derived state. */
	readonly node: NodeView;
	/** Outer width including the border. */
	readonly width: number;
};

const link = {connected: '✓ ssh: connected', reconnecting: '◐ ssh: reconnecting', lost: '✗ ssh: lost'} as const;

/** One node: host and region, old and new container, image, init, host_status, heartbeat age and how its engine is reached. */
export function NodeCard({node, width}: NodeCardProps) {
	const inner = Math.max(4, width - 2);
	const health = !node.reachable
		? '✗ engine not answering'
		: `${node.hostStatus ?? 'status ?'} · heartbeat ${node.heartbeatAgeSec === null ? '—' : `${node.heartbeatAgeSec}s`}`;
	const init = node.init !== null ? stepGlyph[node.init] : node.initBy ? 'peer' : '○';
	return (
		<Box flexDirection="column" borderStyle="single" width={width} borderColor={node.reachable ? undefined : 'red'}>
			<Text bold wrap="truncate">
				{fit(`${node.host} · ${node.region}`, inner)}
			</Text>
			<Text wrap="truncate">{fit(`old ${node.oldContainer} ${node.oldState ?? '…'}`, inner)}</Text>
			<Text wrap="truncate">{fit(`new ${node.newContainer} ${node.newState ?? '…'}`, inner)}</Text>
			<Text wrap="truncate">{fit(`image ${node.imageStaged ? '✓' : '○'} · init ${init}`, inner)}</Text>
			<Text wrap="truncate" color={node.reachable ? undefined : 'red'}>
				{fit(health, inner)}
			</Text>
			<Text wrap="truncate" color={node.ssh === 'lost' ? 'red' : node.ssh === 'reconnecting' ? 'yellow' : undefined}>
				{fit(node.ssh ? link[node.ssh] : 'docker: direct', inner)}
			</Text>
		</Box>
	);
}

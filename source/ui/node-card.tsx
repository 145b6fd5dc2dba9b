import {Box, Text} from 'ink';
import type {NodeView} from '../store/panel-state.js';
import {beatBeforeT1} from '../domain/node-health.js';
import {cells} from './cells.js';
import {fit, stepGlyph} from './glyphs.js';
import {transferText} from './transfer-text.js';

type NodeCardProps = {
	/** The node's live and step-derived state. */
	readonly node: NodeView;
	/** Outer width including the border. */
	readonly width: number;
	/**
	 * Seconds since T1 (the old containers' stop), or null before it: a heartbeat older than that is the old cluster's.
	 */
	readonly sinceT1Sec?: number | null;
};

const link = {
	connecting: '… ssh: connecting',
	connected: '✓ ssh: connected',
	reconnecting: '◐ ssh: reconnecting',
	lost: '✗ ssh: lost',
} as const;

/**
 * One node: host and region, old and new container, image (bytes, rate and ETA while it is sent), init, host_status,
 * heartbeat age and how its engine is reached.
 */
export function NodeCard({node, width, sinceT1Sec = null}: NodeCardProps) {
	const inner = Math.max(4, width - 2);
	const full = !node.reachable ? '✗ engine not answering' : healthText(node, sinceT1Sec);
	// A narrow card (5 nodes at 80 columns) says hb, so that "stale" is never the part cut off.
	const health = cells(full) > inner ? shortHealth(full) : full;
	const init = node.init !== null ? stepGlyph[node.init] : node.initBy ? 'peer' : '○';
	return (
		<Box flexDirection="column" borderStyle="single" width={width} borderColor={node.reachable ? undefined : 'red'}>
			<Text bold wrap="truncate">
				{fit(`${node.host} · ${node.region}`, inner)}
			</Text>
			<Text wrap="truncate">{fit(`old ${node.oldContainer} ${node.oldState ?? '…'}`, inner)}</Text>
			<Text wrap="truncate">{fit(`new ${node.newContainer} ${node.newState ?? '…'}`, inner)}</Text>
			<Text wrap="truncate" color={node.transfer ? 'cyan' : undefined}>
				{fit(
					node.transfer ? transferText(node.transfer, inner) : `image ${node.imageStaged ? '✓' : '○'} · init ${init}`,
					inner,
				)}
			</Text>
			<Text wrap="truncate" color={healthColor(node, sinceT1Sec)}>
				{fit(health, inner)}
			</Text>
			<Text wrap="truncate" color={node.ssh === 'lost' ? 'red' : node.ssh === 'reconnecting' ? 'yellow' : undefined}>
				{fit(node.past ? 'not read: a past attempt' : node.ssh ? link[node.ssh] : 'docker: direct', inner)}
			</Text>
		</Box>
	);
}

/**
 * host_status and heartbeat age, never taken at face value: a stopped cluster leaves its hosts ONLINE
 * and its last heartbeats in place, so a heartbeat from before T1, or from before the start of the node's
 * current container (the rule verify and rb-verify judge by), is marked stale, and ONLINE with no OMS
 * container running says so.
 */
export function healthText(node: NodeView, sinceT1Sec: number | null): string {
	const age = node.heartbeatAgeSec;
	const stale = beatBeforeT1(age, sinceT1Sec) || (age !== null && node.beatBeforeStart === true);
	const beat = age === null ? 'heartbeat —' : `heartbeat ${age}s${stale ? ' stale' : ''}`;
	const running = node.oldState === 'running' || node.newState === 'running';
	const known = node.oldState !== null || node.newState !== null;
	const status =
		node.hostStatus === 'ONLINE' && known && !running ? 'ONLINE? no container up' : (node.hostStatus ?? 'status ?');
	return `${status} · ${beat}`;
}

/** healthText where room is short (narrow cards, the one-row-per-node grid): `heartbeat` as `hb`. */
export const shortHealth = (text: string) => text.replace(' · heartbeat ', ' · hb ');

/**
 * Green for a node that is up as it says, yellow when its words need a second look, red when unreachable; the words say
 * the same.
 */
export function healthColor(node: NodeView, sinceT1Sec: number | null): string | undefined {
	if (!node.reachable) return 'red';
	const text = healthText(node, sinceT1Sec);
	if (text.includes('stale') || text.includes('ONLINE?')) return 'yellow';
	return text.startsWith('ONLINE ·') && (node.oldState === 'running' || node.newState === 'running')
		? 'green'
		: undefined;
}

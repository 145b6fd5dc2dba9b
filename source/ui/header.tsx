import {Box, Text} from 'ink';
import {memo} from 'react';
import {clock, fit} from './glyphs.js';

type HeaderProps = {
	/** Plan name. */
	readonly name: string;
	/** Source and target versions. */
	readonly from: string;
	readonly to: string;
	/** MetaDB address, user@host:port. */
	readonly metadb: string;
	/** `on`, `off`, or what is known of ha.config. */
	readonly ha: string;
	/** Seconds since the panel opened. */
	readonly elapsedSec: number;
	/** Seconds since T1 (the first stop) until T2, or null before T1. */
	readonly downtimeSec: number | null;
	/** Set when the downtime clock has stopped at T2. */
	readonly downtimeDone: boolean;
	/** Another run holding the plan's lock, in words: the console only follows it. */
	readonly heldBy?: string | null;
	/** A past attempt shown read-only: its id. */
	readonly past?: string | null;
	readonly width: number;
};

/**
 * Two lines: what is being upgraded, and the clocks. Memoised: its props are words and whole seconds, so a
 * log line or the running sign's turn (the store's tick) does not render it again; the clock's second does.
 */
export const Header = memo(function Header({
	name,
	from,
	to,
	metadb,
	ha,
	elapsedSec,
	downtimeSec,
	downtimeDone,
	heldBy,
	past,
	width,
}: HeaderProps) {
	const readOnly = past
		? `PAST ATTEMPT ${past}, read-only · `
		: heldBy
			? `READ-ONLY, following the run of ${heldBy} · `
			: '';
	const downtime =
		downtimeSec === null ? 'downtime not started' : `downtime ${clock(downtimeSec)}${downtimeDone ? ' (ended)' : ''}`;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				{fit(`oms-upgrade · ${name} · ${from} → ${to} · MetaDB ${metadb}`, width)}
			</Text>
			<Text wrap="truncate" color={readOnly ? 'yellow' : undefined}>
				{fit(`${readOnly}HA ${ha}${past ? '' : ` · elapsed ${clock(elapsedSec)}`} · ${downtime}`, width)}
			</Text>
		</Box>
	);
});

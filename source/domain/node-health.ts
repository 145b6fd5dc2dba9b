/** One row of `sql.hostHealth`. */
export type HostHealthRow = {
	readonly ip: string;
	readonly host_status: string;
	readonly last_beat: string | null;
	readonly age_sec: number | string | null;
};

/** A supervisor heartbeat older than this is not "fresh". */
export const freshHeartbeatSec = 30;

export type NodeHealth = {
	readonly host: string;
	readonly status: string;
	/** MetaDB time of the freshest supervisor heartbeat, or null. */
	readonly lastBeat: string | null;
	readonly ageSec: number | null;
	/** ONLINE with a fresh heartbeat written after `since`. */
	readonly healthy: boolean;
	/** Why not, in words; or a one-line description when healthy. */
	readonly words: string;
};

/**
 * Judges a node from its cm.host row and heartbeats. `since` (MetaDB clock) is when its current
 * container was started: a stopped cluster leaves its hosts ONLINE and its last heartbeats in place,
 * and those rows never count. Times compare as text: both come from the MetaDB as `YYYY-MM-DD hh:mm:ss`.
 */
export function judgeHealth(host: string, row: HostHealthRow | undefined, since: string | null): NodeHealth {
	const status = row?.host_status ?? 'NOT REGISTERED';
	const lastBeat = row?.last_beat ?? null;
	const ageSec = row?.age_sec === null || row?.age_sec === undefined ? null : Number(row.age_sec);
	const beat = lastBeat === null ? 'no heartbeat' : `heartbeat ${ageSec}s old`;
	const base = {host, status, lastBeat, ageSec};
	if (status !== 'ONLINE') return {...base, healthy: false, words: `${status}, ${beat}`};
	if (lastBeat === null || ageSec === null)
		return {...base, healthy: false, words: 'ONLINE in cm.host but no supervisor heartbeat'};
	if (since === null || lastBeat <= since) {
		return {
			...base,
			healthy: false,
			words: `ONLINE in cm.host, but its last heartbeat (${lastBeat}) is not after its container's start${since ? ` (${since})` : ''}: a stale row`,
		};
	}
	if (ageSec > freshHeartbeatSec)
		return {...base, healthy: false, words: `ONLINE, but the heartbeat is ${ageSec}s old`};
	return {...base, healthy: true, words: `ONLINE, heartbeat ${ageSec}s old (after its start at ${since})`};
}

/**
 * A heartbeat this old was written before the stop (T1): by the old OMS, not a live one. The age is
 * the last poll's (up to one 2 s poll interval behind the clock) and both are whole seconds, so a beat
 * up to 3 s after T1 counts as before it; in those first seconds of downtime no OMS runs anyway.
 */
export function beatBeforeT1(ageSec: number | null, sinceT1Sec: number | null): boolean {
	return ageSec !== null && sinceT1Sec !== null && ageSec + 3 > sinceT1Sec;
}

/** Seconds from T1 (the first stop) to T2 (HA back on), or to `now` while T2 is not reached; null before T1. */
export function downtimeSeconds(t1: string | null, t2: string | null, now: number): number | null {
	if (t1 === null) return null;
	return ((t2 === null ? now : Date.parse(t2)) - Date.parse(t1)) / 1000;
}

type Times = {
	readonly t1: string | null;
	readonly t2: string | null;
	readonly t3: string | null;
	readonly t4: string | null;
};

/** An attempt's downtime: from T1 until HA is back on (T2) or a rollback has every node Online again (T4). */
export function attemptDowntimeSeconds(times: Pick<Times, 't1' | 't2' | 't4'>, now: number): number | null {
	return downtimeSeconds(times.t1, times.t2 ?? times.t4, now);
}

/** A rollback's own downtime: from its first stop of a new container (T3) until every node is Online (T4). */
export function rollbackDowntimeSeconds(times: Times, now: number): number | null {
	return downtimeSeconds(times.t3, times.t4, now);
}

/** Seconds from T1 (the first stop) to T2 (HA back on), or to `now` while T2 is not reached; null before T1. */
export function downtimeSeconds(t1: string | null, t2: string | null, now: number): number | null {
	if (t1 === null) return null;
	return ((t2 === null ? now : Date.parse(t2)) - Date.parse(t1)) / 1000;
}

/** `ha.config` is a JSON object in rm.oms_normal_config; older installs hold fewer keys. */
export type HaConfig = Readonly<Record<string, unknown>>;

export function parseHaConfig(text: string): HaConfig | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as HaConfig) : undefined;
	} catch {
		return undefined;
	}
}

/** Read-modify-write: only the named keys change; every other key, known or not, stays as found and in place. */
export function withHaKeys(found: HaConfig, changes: HaConfig): string {
	return JSON.stringify({...found, ...changes});
}

/** True when every key of `expected` holds that value in `actual`. */
export function haMatches(actual: HaConfig, expected: HaConfig): boolean {
	return Object.entries(expected).every(([key, value]) => actual[key] === value);
}

/**
 * What `enable-ha` writes. With `perceive`, HA follows the downstream checkpoints; with `refetch`,
 * stores are refetched far enough back to cover the downtime: the larger of the value found and
 * ceil((T2 − T1) / 60 s) + margin minutes (margin ≥ 1, so it is always greater than T2 − T1).
 */
export function enableHaChanges(
	after: 'perceive' | 'refetch',
	t1: Date | undefined,
	t2: Date,
	marginMin: number,
	found?: HaConfig,
): HaConfig {
	if (after === 'perceive') return {enable: true, perceiveStoreClientCheckpoint: true};
	const foundMinutes = typeof found?.refetchStoreIntervalMin === 'number' ? found.refetchStoreIntervalMin : 0;
	return {enable: true, refetchStoreIntervalMin: Math.max(foundMinutes, refetchMinutes(t1, t2, marginMin))};
}

export function refetchMinutes(t1: Date | undefined, t2: Date, marginMin: number): number {
	const downtimeMs = t1 ? Math.max(0, t2.getTime() - t1.getTime()) : 0;
	return Math.ceil(downtimeMs / 60_000) + marginMin;
}

/** The guide's rule for refetch: refetchStoreIntervalMin must be greater than T2 − T1 in minutes. */
export function refetchCoversDowntime(minutes: unknown, t1: Date | undefined, t2: Date): boolean {
	return typeof minutes === 'number' && minutes >= refetchMinutes(t1, t2, 1);
}

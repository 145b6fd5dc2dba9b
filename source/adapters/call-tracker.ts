/** A remote call under way: which node, what, since when (ms). */
type PendingCall = {readonly node: string; readonly action: string; readonly since: number};

const pending = new Map<number, PendingCall>();
let counter = 0;

/** Records a call as under way; the returned function marks it finished. */
export function trackCall(node: string, action: string): () => void {
	const id = (counter += 1);
	pending.set(id, {node, action, since: Date.now()});
	return () => pending.delete(id);
}

/** The call that has waited longest, when it has waited at least `minimumMs`: what a hung engine is holding up. */
export function longestPendingCall(minimumMs: number, now = Date.now()): PendingCall | undefined {
	let oldest: PendingCall | undefined;
	for (const call of pending.values()) if (!oldest || call.since < oldest.since) oldest = call;
	return oldest && now - oldest.since >= minimumMs ? oldest : undefined;
}

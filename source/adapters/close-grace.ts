/**
 * How long a goodbye to the MetaDB may take (COM_QUIT, RELEASE_LOCK, the lease row's DELETE) before the
 * socket is destroyed instead. A MetaDB that stopped answering (a frozen server, a dropped link with no
 * RST) would otherwise hold the process after its last words for the query deadline or forever; closing
 * the socket frees a GET_LOCK on the server anyway, and a lease row of a dead run is taken over.
 */
export const closeGraceMs = 3000;

/** Waits for `goodbye` at most `graceMs`; past it, or when it fails, `giveUp` runs (destroy the socket). */
export async function withinGrace(
	goodbye: Promise<unknown>,
	giveUp: () => void,
	graceMs = closeGraceMs,
): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<'late'>(resolve => {
		timer = setTimeout(() => resolve('late'), graceMs);
	});
	try {
		if ((await Promise.race([goodbye.then(() => 'done' as const), late])) === 'late') giveUp();
	} catch {
		giveUp();
	} finally {
		clearTimeout(timer);
	}
}

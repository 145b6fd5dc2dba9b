import {readFile} from 'node:fs/promises';
import {readJournal, journalFile} from '../adapters/journal-file.js';
import {otherRunHolding} from '../adapters/run-lock.js';
import type {Journal} from '../domain/journal-types.js';

/** What the console learns from the workdir while it is not running anything itself. */
export type Followed = {
	/** The journal as a run made elsewhere (or this console's last one) left it; undefined: no open attempt. */
	readonly journal: Journal | undefined;
	/** Who holds the run lock when it is another process, in words; undefined when nobody else does. */
	readonly heldBy: string | undefined;
};

/**
 * Reads the journal and the run lock every `intervalMs` while `idle()` says this console runs nothing,
 * and calls `changed` when either differs from the last look (and once at the start): a headless run in
 * another terminal, another console, or this console's own rollback that archived the journal.
 */
export function followJournal(
	workdir: string,
	idle: () => boolean,
	changed: (found: Followed) => void,
	intervalMs = 1000,
): () => void {
	let last: string | undefined;
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	const look = async () => {
		if (stopped) return;
		if (idle()) {
			const text = await readFile(journalFile(workdir), 'utf8').catch(() => '');
			const heldBy = await otherRunHolding(workdir).catch(() => undefined);
			const key = `${heldBy ?? ''}\n${text}`;
			if (key !== last && idle() && !stopped) {
				last = key;
				changed({journal: text ? await readJournal(workdir).catch(() => undefined) : undefined, heldBy});
			}
		} else last = undefined;
		if (!stopped) {
			timer = setTimeout(() => void look(), intervalMs);
			timer.unref?.();
		}
	};
	void look();
	return () => {
		stopped = true;
		if (timer) clearTimeout(timer);
	};
}

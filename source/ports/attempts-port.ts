import type {Journal} from '../domain/journal-types.js';

/**
 * One attempt's dump directory (`backups/<attempt>/`): how many finished dumps it holds, and the bytes of
 * everything in it (the dumps, their manifest, any partial dump an interrupted backup left).
 */
export type DumpDirectory = {
	readonly attempt: string;
	readonly directory: string;
	readonly dumps: number;
	readonly bytes: number;
};

/**
 * The workdir's record of every attempt, for `history`: the journals (the open one in journal.json, the
 * closed ones kept as journal.<attempt>.json), each attempt's report, logs and dumps. Reads, and one write:
 * removing a closed attempt's dumps (`history --prune`). The live one is adapters/attempt-files.
 */
export type AttemptsPort = {
	/** Every journal in the workdir; `open` marks journal.json's (the attempt a run would resume). */
	readonly journals: () => Promise<ReadonlyArray<{readonly journal: Journal; readonly open: boolean}>>;
	/** Every attempt's dump directory under `backups/`, journal or not. */
	readonly dumps: () => Promise<readonly DumpDirectory[]>;
	/**
	 * The attempt's report (`reports/<attempt>.json`, else `report.json` when it is that attempt's); undefined when
	 * none.
	 */
	readonly report: (attempt: string) => Promise<{readonly file: string; readonly content: unknown} | undefined>;
	/** The attempt's run logs (`logs/<attempt>/*.log`), oldest first. */
	readonly logs: (attempt: string) => Promise<readonly string[]>;
	/** A run log's text (one of `logs`), for the console's view of a past attempt. */
	readonly readLog: (file: string) => Promise<string>;
	/** Removes `backups/<attempt>/` and everything in it; resolves to the bytes freed. */
	readonly removeDumps: (attempt: string) => Promise<number>;
};

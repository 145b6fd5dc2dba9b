import type {Journal} from '../domain/journal-types.js';

/**
 * The local files the steps read and write: the backups and their manifest in the workdir, and the
 * image package. The journal, the lock and the run log belong to the runner (JournalPort below).
 */
export type WorkdirPort = {
	/** `mkdir -p` with mode 0700. */
	readonly makeDirectory: (directory: string) => Promise<void>;
	/** The file's size in bytes. */
	readonly size: (file: string) => Promise<number>;
	/** The last `bytes` bytes of a file as text. */
	readonly tail: (file: string, bytes: number) => Promise<string>;
	/** The file's sha256, hex. */
	readonly sha256: (file: string) => Promise<string>;
	/** The file's text; undefined when it does not exist (any other failure is an error). */
	readonly readText: (file: string) => Promise<string | undefined>;
	/** Writes JSON atomically (temp file, fsync, rename). */
	readonly writeJson: (file: string, value: unknown) => Promise<void>;
	/** The id the image package's manifest gives `image`; undefined when the package does not hold it. */
	readonly packageImageId: (file: string, image: string) => Promise<string | undefined>;
};

/** Where the runner keeps the attempt's journal. */
export type JournalPort = {
	/** Writes the journal atomically. */
	readonly save: (journal: Journal) => Promise<void>;
	/** Keeps a closed attempt's journal beside the next one as `journal.<attempt>.json`. */
	readonly archive: (attempt: string) => Promise<void>;
};

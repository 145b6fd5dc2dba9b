/**
 * The MySQL command-line clients on this machine, for the backups and the restore. A session holds the
 * MetaDB password in a 0600 defaults file (never on a command line) for as long as `use` runs.
 */
export type DumpPort = {
	/** Runs `use` with a session whose defaults file lives in `directory`; the file is removed afterwards. */
	readonly session: <T>(directory: string, use: (session: DumpSession) => Promise<T>) => Promise<T>;
};

type DumpSession = {
	/** The defaults file's path (shown in the logged command lines; it holds the password). */
	readonly defaultsFile: string;
	/**
	 * mysqldump of `database` into `file` (written as `<file>.partial-<pid>`, renamed when complete): the
	 * dump's bytes, sha256 and last bytes, taken as it streamed. Fails when no byte moves for `limits.idleMs`.
	 */
	readonly dump: (database: string, file: string, limits: ClientLimits) => Promise<DumpResult>;
	/**
	 * Whether a restore really loads the database, so that rb-restore can prove it by its row counts
	 * (false in a dry run, which only records the command).
	 */
	readonly restores: boolean;
	/** mysql `database` < `file`, with the same limits. */
	readonly restore: (database: string, file: string, limits: ClientLimits) => Promise<void>;
};

/**
 * How long a client may go with no byte moving, and the signal that stops it at once (none: it runs to its end or its
 * deadline).
 */
export type ClientLimits = {readonly idleMs: number; readonly signal?: AbortSignal};

/** What a dump wrote: its size, its sha256 and its last bytes (where "-- Dump completed" must be). */
export type DumpResult = {readonly bytes: number; readonly sha256: string; readonly tail: string};

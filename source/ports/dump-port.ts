/**
 * The MySQL command-line clients on this machine, for the backups and the restore. A session holds the
 * MetaDB password in a 0600 defaults file (never on a command line) for as long as `use` runs.
 */
export type DumpPort = {
	/** Runs `use` with a session whose defaults file lives in `directory`; the file is removed afterwards. */
	readonly session: <T>(directory: string, use: (session: DumpSession) => Promise<T>) => Promise<T>;
};

export type DumpSession = {
	/** The defaults file's path (shown in the logged command lines; it holds the password). */
	readonly defaultsFile: string;
	/** mysqldump of `database` into `file` (written as `<file>.partial-<pid>`, renamed when complete). */
	readonly dump: (database: string, file: string) => Promise<void>;
	/** mysql `database` < `file`. */
	readonly restore: (database: string, file: string) => Promise<void>;
};

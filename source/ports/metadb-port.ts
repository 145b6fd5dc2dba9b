/** Where and as whom the tool reaches the MetaDB (the password never leaves memory but for a 0600 defaults file). */
export type MetadbTarget = {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
	/** Deadlines in seconds (plan file `timeouts`); defaults 10 and 60. */
	readonly connectSec?: number;
	readonly querySec?: number;
};

/** A row as the MetaDB returns it. */
export type Row = Record<string, unknown>;

/** A statement's parameters: values always travel as parameters, never spliced into the text. */
export type SqlParams = ReadonlyArray<string | number | null>;

/**
 * A MetaDB session as the steps see it: `query` reads, `execute` writes (it returns the affected row
 * count). Statements are logged by the callers.
 */
export type MetadbPort = {
	/** A statement that reads. */
	readonly query: <T extends Row = Row>(sql: string, params?: SqlParams) => Promise<T[]>;
	/** A statement that changes data or schema; resolves to the affected row count. */
	readonly execute: (sql: string, params?: SqlParams) => Promise<number>;
	/**
	 * The operator confirmed making this change by hand (ha.mode manual). The live MetaDB has nothing to
	 * do (the re-read shows whether it was made); a dry run's takes it as made.
	 */
	readonly operatorChanged?: (sql: string, params: SqlParams) => void;
};

/** A session the runner owns: it reconnects once a statement left it unusable, and closes it at the end. */
export type MetadbSession = MetadbPort & {
	/** False once a statement failed in a way that leaves the connection unusable (a deadline, a dropped link). */
	readonly usable: boolean;
	/** Ends the session. */
	readonly close: () => Promise<void>;
};

import mysql from 'mysql2/promise';
import {ExternalError} from '../domain/errors.js';
import {registerSecret} from '../domain/redact.js';

/** How to reach the MetaDB; `password` is a secret and never printed. */
export type MetadbTarget = {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
};

export type Row = Record<string, unknown>;

/** A MetaDB session. Statements are logged by callers; values travel as parameters, never spliced. */
export class Metadb {
	private constructor(
		readonly target: MetadbTarget,
		private readonly connection: mysql.Connection,
	) {}

	static async connect(target: MetadbTarget): Promise<Metadb> {
		registerSecret(target.password);
		try {
			const connection = await mysql.createConnection({
				host: target.host,
				port: target.port,
				user: target.user,
				password: target.password,
				connectTimeout: 10_000,
				multipleStatements: false,
				dateStrings: true,
			});
			return new Metadb(target, connection);
		} catch (error) {
			throw metadbError(target, 'connect', error);
		}
	}

	async query<T extends Row = Row>(sql: string, params: ReadonlyArray<string | number | null> = []): Promise<T[]> {
		try {
			const [rows] = await this.connection.query(sql, [...params]);
			return rows as T[];
		} catch (error) {
			throw metadbError(this.target, `run \`${sql.replace(/\s+/g, ' ')}\``, error);
		}
	}

	/** A write; returns the affected row count. */
	async execute(sql: string, params: ReadonlyArray<string | number | null> = []): Promise<number> {
		try {
			const [result] = await this.connection.query(sql, [...params]);
			return (result as {affectedRows?: number}).affectedRows ?? 0;
		} catch (error) {
			throw metadbError(this.target, `run \`${sql.replace(/\s+/g, ' ')}\``, error);
		}
	}

	async close(): Promise<void> {
		await this.connection.end().catch(() => this.connection.destroy());
	}
}

export function metadbError(target: MetadbTarget, action: string, error: unknown): ExternalError {
	const code = (error as {code?: string}).code;
	const reason = error instanceof Error ? error.message : String(error);
	const hint =
		code === 'ER_ACCESS_DENIED_ERROR'
			? `Check the MetaDB user and password (metadb.passwordEnv in the plan file, or oms_meta_password in config.yaml).`
			: code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH'
				? `Check that the MetaDB at ${target.host}:${target.port} runs and that this machine can reach it.`
				: `Check the MetaDB at ${target.host}:${target.port}.`;
	return new ExternalError(`MetaDB ${target.user}@${target.host}:${target.port}: cannot ${action}: ${reason}.`, {cause: error, hint});
}

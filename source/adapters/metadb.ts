import mysql from 'mysql2/promise';
import {ExternalError} from '../domain/errors.js';
import {registerSecret} from '../domain/redact.js';
import {withinGrace} from './close-grace.js';
import type {MetadbSession, Row} from '../ports/metadb-port.js';

/** How to reach the MetaDB; `password` is a secret and never printed. */
import type {MetadbTarget} from '../ports/metadb-port.js';
import {sentence} from '../domain/format.js';

export type {MetadbTarget} from '../ports/metadb-port.js';
export type {Row} from '../ports/metadb-port.js';

/** A MetaDB session. Statements are logged by callers; values travel as parameters, never spliced. */
export class Metadb implements MetadbSession {
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
				connectTimeout: (target.connectSec ?? 10) * 1000,
				multipleStatements: false,
				dateStrings: true,
			});
			return new Metadb(target, connection);
		} catch (error) {
			throw metadbError(target, 'connect', error);
		}
	}

	async query<T extends Row = Row>(sql: string, params: ReadonlyArray<string | number | null> = []): Promise<T[]> {
		return (await this.send(sql, params)) as T[];
	}

	/** A write; returns the affected row count. */
	async execute(sql: string, params: ReadonlyArray<string | number | null> = []): Promise<number> {
		return ((await this.send(sql, params)) as {affectedRows?: number}).affectedRows ?? 0;
	}

	/** False once a statement failed in a way that leaves the connection unusable (a deadline, a dropped link). */
	get usable(): boolean {
		return !this.broken;
	}

	private broken = false;

	private async send(sql: string, params: ReadonlyArray<string | number | null>): Promise<unknown> {
		const timeout = (this.target.querySec ?? 60) * 1000;
		try {
			const [result] = await this.connection.query({sql, timeout}, [...params]);
			return result;
		} catch (error) {
			const timedOut = (error as {code?: string}).code === 'PROTOCOL_SEQUENCE_TIMEOUT';
			const fatal = (error as {fatal?: boolean}).fatal === true || timedOut;
			// The server goes on with a statement the client gave up on: stop it, so a re-run does not contend with it.
			if (timedOut) await this.killQuery();
			if (fatal) {
				this.broken = true;
				this.connection.destroy();
			}
			const what =
				(error as {code?: string}).code === 'PROTOCOL_SEQUENCE_TIMEOUT'
					? `answer \`${oneLine(sql)}\` within ${timeout / 1000}s`
					: `run \`${oneLine(sql)}\``;
			throw metadbError(this.target, what, error);
		}
	}

	/**
	 * `KILL QUERY` of this session's statement, from a second short-lived session (best effort: a MetaDB
	 * that stopped answering will not answer this either, and the connect deadline bounds the wait).
	 */
	private async killQuery(): Promise<void> {
		const id = this.connection.threadId;
		if (id === null || id === undefined) return;
		const killer = await Metadb.connect({...this.target, querySec: Math.min(this.target.querySec ?? 60, 10)}).catch(
			() => undefined,
		);
		if (!killer) return;
		try {
			await killer.execute(`KILL QUERY ${Number(id)}`);
		} catch {
			// Gone already, or not allowed: the statement ends on its own.
		} finally {
			await killer.close();
		}
	}

	/** COM_QUIT, for at most the close grace; a MetaDB that does not answer gets its socket destroyed. */
	async close(): Promise<void> {
		await withinGrace(this.connection.end(), () => this.connection.destroy());
	}
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ');

function metadbError(target: MetadbTarget, action: string, error: unknown): ExternalError {
	const code = (error as {code?: string}).code;
	const reason = error instanceof Error ? error.message : String(error);
	const hint =
		code === 'ER_ACCESS_DENIED_ERROR'
			? `Check the MetaDB user and password (metadb.passwordEnv in the plan file, or oms_meta_password in config.yaml).`
			: code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH'
				? `Check that the MetaDB at ${target.host}:${target.port} runs and that this machine can reach it.`
				: `Check the MetaDB at ${target.host}:${target.port}.`;
	return new ExternalError(
		sentence(`MetaDB ${target.user}@${target.host}:${target.port}: cannot ${action}: ${reason}`),
		{
			cause: error,
			hint,
		},
	);
}

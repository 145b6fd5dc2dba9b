import {sql} from '../../../source/domain/sql.js';
import type {MetadbSession, Row, SqlParams} from '../../../source/ports/metadb-port.js';
import type {CallLog} from './fake-calls.js';

/** The MetaDB's state the steps read and change; `clock` is the MetaDB's own time in seconds. */
export type MetadbState = {
	ha: string;
	versions: string[];
	sequences: Map<string, number[]>;
	hostStatus: Map<string, string>;
	/** Hosts whose OMS runs now: they write a heartbeat at every read (age 0), others keep an old one. */
	running: () => ReadonlySet<string>;
	clock: number;
	dropped: string[];
	/** Tables and their row counts per database, for the census of backup and restore (none when absent). */
	tables?: Record<string, Record<string, number>>;
	/** The regions rm.cluster_info lists (discovery reads them). */
	regions?: readonly string[];
};

const stamp = (seconds: number) =>
	new Date(Date.UTC(2026, 10, 25, 3, 0, 0) + seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);

/** A MetaDB session in memory that answers exactly the statements of domain/sql the steps send. */
export class FakeMetadb implements MetadbSession {
	usable = true;
	closed = false;

	constructor(
		private readonly state: MetadbState,
		private readonly log: CallLog,
		private readonly names: {readonly rm: string; readonly cm: string; readonly heartbeatDbs: readonly string[]},
	) {}

	query = async <T extends Row = Row>(text: string, params: SqlParams = []): Promise<T[]> =>
		(await this.answer(text, params, false)) as T[];

	execute = async (text: string, params: SqlParams = []): Promise<number> =>
		(await this.answer(text, params, true)) as number;

	close = async (): Promise<void> => {
		this.closed = true;
	};

	private async answer(text: string, params: SqlParams, write: boolean): Promise<Row[] | number> {
		this.log.record({port: 'sql', node: null, what: text, write});
		const {rm, cm, heartbeatDbs} = this.names;
		const state = this.state;
		if (text === sql.readHa(rm)) return [{cfg_value: state.ha}];
		// What discovery and the preflight checks read.
		if (text === sql.databases()) return [rm, cm, ...heartbeatDbs, 'information_schema'].map(name => ({name}));
		if (text === sql.versions(rm)) return state.versions.map(version => ({version}));
		if (text === sql.clusterRegions(rm)) return (state.regions ?? []).map(region => ({region}));
		if (text === sql.hosts(cm)) return [...state.hostStatus].map(([ip, host_status]) => ({ip, host_status}));
		if (heartbeatDbs.some(db => text === sql.heartbeats(db)))
			return [...state.hostStatus.keys()].map(ip => ({
				host_ip: ip,
				age_sec: state.running().has(ip) ? 0 : state.clock,
			}));
		if (text === sql.grants()) return [{grants: 'GRANT ALL PRIVILEGES ON *.* TO `oms`@`%`'}];
		if (text === sql.heartbeatRows())
			return heartbeatDbs.map(name => ({name, row_count: this.state.sequences.get(name)?.length ?? 0}));
		if (text === sql.databaseBytes()) return [rm, cm, ...heartbeatDbs].map(name => ({name, bytes: 1 << 20}));
		if (text === sql.writeHa(rm)) return ((state.ha = String(params[0])), 1);
		if (text === 'SELECT NOW() AS now') return [{now: stamp(++state.clock)}];
		if (text === sql.hostHealth(cm, heartbeatDbs)) {
			state.clock += 1;
			return [...state.hostStatus].map(([ip, status]) => {
				const live = state.running().has(ip);
				return {
					ip,
					host_status: status,
					last_beat: live ? stamp(state.clock) : stamp(0),
					age_sec: live ? 0 : state.clock,
				};
			});
		}
		for (const db of heartbeatDbs) {
			const rows = state.sequences.get(db) ?? [];
			if (text === sql.maxSequence(db)) return [{max_id: rows.length > 0 ? Math.max(...rows) : null}];
			if (text === sql.cleanSequence(db)) {
				// At most `LIMIT` rows per statement, as the server does.
				const doomed = rows.filter(id => id < Number(params[0])).slice(0, Number(params[1]));
				state.sequences.set(
					db,
					rows.filter(id => !doomed.includes(id)),
				);
				return doomed.length;
			}
		}
		// The census of backup and restore: each database's defaults; the fake models no tables of its own.
		if (text === sql.schemaDefaults()) return [{charset: 'utf8mb4', collation: 'utf8mb4_general_ci'}];
		if (text === sql.baseTables()) return Object.keys(state.tables?.[String(params[0])] ?? {}).map(name => ({name}));
		for (const [db, tables] of Object.entries(state.tables ?? {}))
			for (const [table, n] of Object.entries(tables)) if (text === sql.countRows(db, table)) return [{n}];
		if (text === sql.createVersionTable(rm)) return 0;
		if (text === sql.recordVersion(rm)) return (state.versions.push(String(params[0])), 1);
		if (text.startsWith('DROP DATABASE')) return (state.dropped.push(text), 0);
		if (text.startsWith('CREATE DATABASE')) return 1;
		throw new Error(`the fake MetaDB does not know \`${text}\``);
	}
}

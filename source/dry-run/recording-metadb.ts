import type {UpgradeModel} from '../config/resolve-plan.js';
import {sql} from '../domain/sql.js';
import type {MetadbSession, Row, SqlParams} from '../ports/metadb-port.js';
import {unknownInDryRun, type Recorder} from './recorder.js';

/** What the dry run's MetaDB remembers of the writes it recorded. */
export type MetadbOverlay = {
	/** ha.config as the recorded writes left it. */
	ha: string | undefined;
	/** Nodes where the dry run started a container. */
	readonly started: Set<string>;
};

/** A statement as an operator would type it: each `?` replaced by its value, quoted. */
function withValues(text: string, params: SqlParams): string {
	let index = 0;
	return text.replace(/\?/g, () => {
		const value = params[index++];
		return value === null || value === undefined
			? 'NULL'
			: typeof value === 'number'
				? String(value)
				: `'${value.replaceAll("'", "''")}'`;
	});
}

/**
 * The MetaDB in a dry run: statements that read go to the real MetaDB, those that change data or schema
 * are recorded with their values and not sent. ha.config reads see the recorded write; the health poll
 * of nodes whose containers the dry run "started" answers ONLINE with a heartbeat after their start, assumed and marked
 * as such.
 */
export function recordingMetadb(
	real: MetadbSession,
	model: UpgradeModel,
	recorder: Recorder,
	overlay: MetadbOverlay,
): MetadbSession {
	const health = sql.hostHealth(
		model.cmDb,
		model.regions.map(region => region.heartbeatDb),
	);
	return {
		get usable() {
			return real.usable;
		},
		close: () => real.close(),
		query: async <T extends Row = Row>(text: string, params: SqlParams = []): Promise<T[]> => {
			if (text === sql.readHa(model.rmDb) && overlay.ha !== undefined) return [{cfg_value: overlay.ha} as unknown as T];
			if (text === health) return (await simulatedHealth(real, text, overlay.started, recorder)) as T[];
			return real.query<T>(text, params);
		},
		operatorChanged: (text, params) => {
			if (text === sql.writeHa(model.rmDb)) overlay.ha = String(params[0]);
		},
		execute: async (text: string, params: SqlParams = []) => {
			recorder.record(null, 'sql', withValues(text, params));
			if (text === sql.writeHa(model.rmDb)) overlay.ha = String(params[0]);
			return 0;
		},
	};
}

/**
 * Nodes whose container the dry run started answer ONLINE with a heartbeat after their start (assumed: the output says
 * so).
 */
async function simulatedHealth(
	real: MetadbSession,
	text: string,
	started: ReadonlySet<string>,
	recorder: Recorder,
): Promise<Row[]> {
	const rows = await real.query(text);
	if (started.size === 0) return rows;
	recorder.record(
		null,
		'wait',
		`poll cm.host and the heartbeat tables until ${[...started].join(', ')} are ONLINE with a heartbeat written after their start (assumed in a dry run)`,
	);
	return rows.map(row =>
		started.has(String(row['ip']))
			? {...row, host_status: 'ONLINE', last_beat: unknownInDryRun('heartbeat after the start'), age_sec: 0}
			: row,
	);
}

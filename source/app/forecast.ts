import {attemptFiles} from '../adapters/attempt-files.js';
import {livePreflight} from '../adapters/preflight-ports.js';
import type {Discovery} from '../config/discover-cluster.js';
import {planHash} from '../domain/journal.js';
import type {Journal} from '../domain/journal-types.js';
import {sql} from '../domain/sql.js';
import {forecastDowntime, type Forecast} from '../engine/forecast.js';
import type {AttemptsPort} from '../ports/attempts-port.js';
import type {PreflightPort} from '../ports/preflight-port.js';
import {stopTimeoutSec} from '../steps/stop-old.js';

/**
 * The downtime forecast for `plan`, `check` and `run`: the MetaDB's size and heartbeat rows now (read
 * only; unreadable is said, not guessed), and what earlier attempts on this cluster (this plan) measured.
 */
export async function forecastFor(
	discovery: Discovery,
	journal: Journal | undefined,
	preflight: PreflightPort,
	attempts: AttemptsPort,
): Promise<Forecast> {
	const {plan} = discovery;
	const databases = [discovery.rmDb, discovery.cmDb, ...discovery.regions.map(region => region.heartbeatDb)];
	let dumpBytes: number | undefined;
	let heartbeatRows: number | undefined;
	if (discovery.metadbTarget) {
		const metadb = await preflight.connectMetadb(discovery.metadbTarget).catch(() => undefined);
		try {
			const sizes = await metadb?.query<{name: string; bytes: number}>(sql.databaseBytes()).catch(() => undefined);
			dumpBytes = sizes?.filter(row => databases.includes(row.name)).reduce((sum, row) => sum + Number(row.bytes), 0);
			const counted = await metadb
				?.query<{name: string; row_count: number}>(sql.heartbeatRows())
				.catch(() => undefined);
			heartbeatRows = counted
				?.filter(row => databases.includes(row.name))
				.reduce((sum, row) => sum + Number(row.row_count), 0);
		} finally {
			await metadb?.close();
		}
	}
	const earlier = (await attempts.journals())
		.map(entry => entry.journal)
		.filter(past => past.planHash === planHash(plan) && past.attempt !== journal?.attempt)
		.sort((a, b) => (a.attempt < b.attempt ? 1 : -1));
	return forecastDowntime({
		initRegions: discovery.regions.length || 1,
		minWaitSec: plan.init.minWaitSec,
		initExpectedSec: plan.init.expectedSec,
		stopGraceSec: stopTimeoutSec,
		dumpBytes,
		heartbeatRows,
		current: journal,
		earlier,
	});
}

/** The console's forecast (`d`), once discovery has read the cluster: the live MetaDB and this workdir's attempts. */
export const liveForecast = (discovery: Discovery, journal: Journal | undefined): Promise<Forecast> =>
	forecastFor(discovery, journal, livePreflight, attemptFiles(discovery.plan.workdir));

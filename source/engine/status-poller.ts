import type {NodeModel, UpgradeModel} from '../config/resolve-plan.js';
import type {HostHealthRow} from '../domain/node-health.js';
import {sql} from '../domain/sql.js';
import type {SshState} from '../ports/docker-port.js';
import type {MetadbSession} from '../ports/metadb-port.js';

export type NodeLiveStatus = {
	readonly host: string;
	readonly reachable: boolean;
	readonly oldState: string | null;
	readonly newState: string | null;
	readonly newBinds: readonly string[] | null;
	readonly hostStatus: string | null;
	readonly heartbeatAgeSec: number | null;
	/**
	 * The freshest heartbeat is no later than the start of the node's current container (the journal's start
	 * mark, MetaDB clock), so the OMS before it wrote it: the rule verify and rb-verify judge by. False without a mark.
	 */
	readonly beatBeforeStart: boolean;
	/** The node's SSH connection, for ssh:// endpoints; null for engines reached directly. */
	readonly ssh: SshState | null;
};

/** Each node's start mark (MetaDB clock, taken before its current container started), as the journal has it now. */
type StartMarks = () => Promise<Readonly<Record<string, string | null>>>;

/**
 * The node grid's live data, independent of any step: every interval one container listing per node
 * (old and new together) and one MetaDB query for every node's status and heartbeat. A node whose
 * engine does not answer within the interval is reported unreachable at once.
 */
export function startStatusPoller(
	connectMetadb: () => Promise<MetadbSession>,
	model: UpgradeModel,
	publish: (statuses: NodeLiveStatus[]) => void,
	intervalMs = 2000,
	startMarks: StartMarks = async () => ({}),
): {stop: () => Promise<void>} {
	let stopped = false;
	let metadb: MetadbSession | undefined;
	let timer: NodeJS.Timeout | undefined;
	const statusSql = sql.hostHealth(
		model.cmDb,
		model.regions.map(region => region.heartbeatDb),
	);

	const poll = async () => {
		const [containers, rows, marks] = await Promise.all([
			Promise.all(model.nodes.map(node => withTimeout(listBoth(node), intervalMs - 250))),
			readStatuses(),
			startMarks().catch(() => ({}) as Readonly<Record<string, string | null>>),
		]);
		if (stopped) return;
		publish(
			model.nodes.map((node, index) => {
				const listed = containers[index];
				const row = rows?.find(candidate => candidate.ip === node.host);
				const mark = marks[node.host] ?? null;
				return {
					host: node.host,
					reachable: listed !== undefined,
					oldState: listed?.old ?? null,
					newState: listed?.fresh ?? null,
					newBinds: listed?.freshBinds ?? null,
					hostStatus: row?.host_status ?? null,
					heartbeatAgeSec: row?.age_sec === null || row?.age_sec === undefined ? null : Number(row.age_sec),
					// Both are MetaDB times as `YYYY-MM-DD hh:mm:ss`: they compare as text, as judgeHealth does.
					beatBeforeStart:
						mark !== null && row?.last_beat !== null && row?.last_beat !== undefined && row.last_beat <= mark,
					ssh: node.engine.tunnel?.state ?? null,
				};
			}),
		);
	};

	const readStatuses = async () => {
		try {
			metadb ??= await connectMetadb();
			if (stopped) {
				// Stopped while this poll was connecting: the session opened after stop() closed the last one.
				await metadb.close();
				metadb = undefined;
				return undefined;
			}
			return await metadb.query<HostHealthRow>(statusSql);
		} catch {
			await metadb?.close().catch(() => undefined);
			metadb = undefined;
			return undefined;
		}
	};

	// Fixed rate: a poll starts every interval, and its engine calls give up before the next one starts.
	const loop = () => {
		const startedAt = Date.now();
		void poll()
			.catch(() => undefined)
			.finally(() => {
				if (!stopped) timer = setTimeout(loop, Math.max(0, startedAt + intervalMs - Date.now()));
			});
	};
	loop();
	return {
		stop: async () => {
			stopped = true;
			if (timer) clearTimeout(timer);
			await metadb?.close().catch(() => undefined);
		},
	};
}

async function listBoth(node: NodeModel): Promise<{old: string; fresh: string; freshBinds: readonly string[] | null}> {
	const listed = await node.engine.listContainers({names: [node.oldContainer, node.newContainer]});
	const named = (name: string) => listed.find(container => container.name === name);
	const fresh = named(node.newContainer);
	return {
		old: named(node.oldContainer)?.state ?? 'missing',
		fresh: fresh?.state ?? 'absent',
		freshBinds: fresh?.binds ?? null,
	};
}

/** undefined when the call takes longer than `ms` (the node then shows as not answering). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<undefined>(resolve => (timer = setTimeout(() => resolve(undefined), ms)));
	try {
		return await Promise.race([work.catch(() => undefined), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

import type {EventBus} from '../domain/events.js';
import type {StepId} from '../domain/journal-types.js';
import type {DumpPort} from './dump-port.js';
import type {MetadbSession} from './metadb-port.js';
import type {PreflightPort} from './preflight-port.js';
import type {JournalPort, WorkdirPort} from './workdir-port.js';

/** One line a run logged: when, and what it said. */
export type RunLogLine = {readonly at: string; readonly text: string};

/**
 * Everything a run touches besides the nodes' engines (each node's DockerPort is in the model): the
 * runner hands these to the step context. The live ones are adapters/live-ports; tests use in-memory fakes.
 */
export type RunPorts = {
	/** Opens a MetaDB session (the run context keeps one, and opens another after a deadline broke it). */
	readonly connectMetadb: () => Promise<MetadbSession>;
	/** What the preflight checks read of this machine and the MetaDB. */
	readonly preflight: PreflightPort;
	/** The MySQL clients. */
	readonly dumps: DumpPort;
	/** Backups, the manifest, the image package, the report. */
	readonly files: WorkdirPort;
	/** The attempt's journal. */
	readonly journal: JournalPort;
	/** Opens the run's log (`workdir/logs/<attempt>/<run>.log`), which writes every event of `bus`. */
	readonly openRunLog: (
		attempt: string,
		runId: string,
		bus: EventBus,
	) => Promise<{readonly file: string; readonly close: () => Promise<void>}>;
	/**
	 * What the attempt's earlier runs logged for one step on one node, oldest first (a killed run's last words
	 * included).
	 */
	readonly readStepLines: (attempt: string, step: StepId, node: string) => Promise<readonly RunLogLine[]>;
};

import type {Discovery} from '../config/discover-cluster.js';
import type {UpgradeModel} from '../config/resolve-plan.js';
import type {StepStatus} from '../domain/journal-types.js';
import type {OutputReader, StepOutput} from '../domain/step-outputs.js';
import type {DumpPort} from '../ports/dump-port.js';
import type {MetadbPort} from '../ports/metadb-port.js';
import type {PreflightPort} from '../ports/preflight-port.js';
import type {WorkdirPort} from '../ports/workdir-port.js';
import type {ResumeFacts} from './checks/check-types.js';

/** What a step may use while it runs. Steps see ports, never the runner's internals. */
export type StepContext = {
	readonly model: UpgradeModel;
	/** What discovery found at the start of this run (preflight checks it). */
	readonly discovery: Discovery;
	/** The attempt's id (new containers carry it in a label; kept containers are named with it). */
	readonly attempt: string;
	/** Earlier steps' outputs, as this attempt's journal holds them, by step id. */
	readonly outputs: OutputReader;
	/**
	 * Hands the runner an output of the running step to journal before the step goes on: for a fact that
	 * must survive a crash in what follows (the value to restore, T1, a start mark). Other outputs are returned.
	 */
	readonly record: (output: StepOutput) => Promise<void>;
	/** The running step already succeeded on this node in an earlier run of this attempt. */
	readonly doneOn: (host: string) => boolean;
	/** What this attempt did before this run, for preflight; undefined when it has done nothing but preflight. */
	readonly resumed: () => ResumeFacts | undefined;
	/** This attempt's backups directory (absolute): `workdir/backups/<attempt>`. */
	readonly backupsDir: string;
	/** The run's MetaDB session (connected on first use, again after a deadline broke it). */
	readonly metadb: () => Promise<MetadbPort>;
	/**
	 * What this attempt's earlier runs logged for the running step on a node (docker_init.sh's words after a crash).
	 */
	readonly earlierLines: (host: string) => Promise<ReadonlyArray<{readonly at: string; readonly text: string}>>;
	/** What the preflight checks read of this machine and the MetaDB. */
	readonly checks: PreflightPort;
	/** The MySQL clients, for dumps and restores. */
	readonly dumps: DumpPort;
	/** The backups in the workdir and the image package. */
	readonly files: WorkdirPort;
	readonly log: (node: string | null, text: string, level?: 'info' | 'warn' | 'error') => void;
	readonly progress: (node: string | null, done: number, total: number) => void;
	/** Asks the operator (default No); resolves true at once with --yes. */
	readonly confirm: (question: string) => Promise<boolean>;
	/** Records a node's sub-state for region steps (init). */
	readonly nodeState: (node: string, status: StepStatus, reason?: string) => Promise<void>;
	/** Aborted on Ctrl-C/SIGTERM/SIGHUP or a closed output: waits stop, the current call finishes. */
	readonly signal: AbortSignal;
};

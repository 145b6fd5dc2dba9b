import type {StepOutcome} from '../domain/journal-types.js';
import type {ForecastRecord} from '../engine/forecast.js';
import type {NodeInspection} from '../engine/node-inspection.js';
import type {Finding, RunSummary} from './run-summary.js';

export type {Finding} from './run-summary.js';

export type StepView = {
	readonly id: string;
	readonly title: string;
	readonly scope: 'cluster' | 'node' | 'region';
	readonly destructive: boolean;
	/** The journal's state, or `refused` until the step runs again. */
	readonly status: StepOutcome;
	readonly nodes: Readonly<Record<string, StepOutcome>>;
	readonly startedAt: string | null;
	readonly finishedAt: string | null;
	readonly reason: string | null;
	/** WARN lines its last run logged (a preflight's warnings, say): the row says so after ✓. */
	readonly warnings?: number;
	/** Bytes done/total of a running transfer (stage-image). */
	readonly progress: {readonly done: number; readonly total: number} | null;
};

export type NodeView = {
	readonly host: string;
	readonly region: string;
	readonly oldContainer: string;
	readonly newContainer: string;
	/** Live container states from the poller; null until the first answer. */
	readonly oldState: string | null;
	readonly newState: string | null;
	readonly imageStaged: boolean;
	readonly init: StepOutcome | null;
	/** The region peer that runs init for this node, when it is not this node. */
	readonly initBy: string | null;
	readonly hostStatus: string | null;
	readonly heartbeatAgeSec: number | null;
	/** The freshest heartbeat predates the node's current container (its start mark): the poller's judgement. */
	readonly beatBeforeStart?: boolean;
	/** False when the node's engine stopped answering within the poll interval. */
	readonly reachable: boolean;
	/** The node's SSH connection (ssh:// endpoints); null when the engine is reached directly. */
	readonly ssh: 'connecting' | 'connected' | 'reconnecting' | 'lost' | null;
	readonly oldBinds: readonly string[];
	readonly newBinds: readonly string[] | null;
	/** A past attempt's node (`history ATTEMPT --console`): nothing of it is read live, the card says so. */
	readonly past?: boolean;
	/** The image upload to this node while stage-image sends it; absent or null otherwise. */
	readonly transfer?: NodeTransfer | null;
};

/** One node's upload as the engine reports it (coalesced to ~10 a second). */
export type NodeTransfer = {
	/** Bytes sent so far. */
	readonly done: number;
	/** The package's bytes. */
	readonly total: number;
	/** Bytes per second, smoothed by the engine over a few seconds; null before it can tell. */
	readonly rate: number | null;
	/** Seconds left at that rate; null without a rate. */
	readonly etaSec: number | null;
};

export type Overlay =
	'binds' | 'ha' | 'help' | 'confirm' | 'rollback' | 'quit' | 'resume' | 'detail' | 'node' | 'summary' | 'forecast';

/** A text shown whole in a scrollable view: a log line, a failure, the footer's message. */
export type Detail = {readonly title: string; readonly text: string};

/** An open question; the stop-old question (the downtime starts) carries the downtime forecast. */
type Confirmation = {readonly question: string; readonly forecast?: ForecastRecord};

/** The fields the store keeps itself (its tick and clock): whoever builds a first state leaves them out. */
export type StoreManaged = 'logRevision' | 'pulse' | 'now';

export type PanelState = {
	readonly planName: string;
	readonly from: string;
	readonly to: string;
	readonly metadb: string;
	readonly haState: string;
	readonly openedAt: number;
	readonly t1: string | null;
	readonly t2: string | null;
	/** When a rollback found every node Online again: the downtime ends there when T2 never came. */
	readonly t4: string | null;
	readonly steps: readonly StepView[];
	readonly rollback: readonly StepView[];
	readonly nodes: readonly NodeView[];
	/** Which list the checklist shows: the upgrade, or the rollback once one started. */
	readonly mode: 'upgrade' | 'rollback';
	readonly selected: number;
	readonly focus: 'steps' | 'log';
	readonly follow: boolean;
	/** Lines scrolled up from the bottom when not following. */
	readonly scroll: number;
	readonly filter: string;
	readonly filtering: boolean;
	readonly overlay: Overlay | null;
	readonly confirmation: Confirmation | null;
	/** What the operator typed in the rollback confirmation. */
	readonly typed: string;
	readonly running: string | null;
	/** A remote call that has been waited on for a while (a hung engine), in words; null when none. */
	readonly waiting: string | null;
	readonly message: string | null;
	/** The footer's message in the engine's own words (commands, not keys): said again once the console has closed. */
	readonly commandLineMessage: string | null;
	/** The last message the footer showed, kept after the footer moved on, for `m`. */
	readonly lastMessage: string | null;
	/** How many log lines the store had when it last published: a new value means new lines to draw. */
	readonly logRevision: number;
	/** The running sign's frame: it advances once a tick (100 ms), with the log's revision, while a step runs. */
	readonly pulse: number;
	readonly now: number;
	/** Long log lines wrap (`w` toggles); off, they are cut and `enter` shows them whole. */
	readonly wrap: boolean;
	/**
	 * Lines scrolled down in the open reference view (binds, help, detail, node, summary); Infinity: pinned to its end.
	 */
	readonly overlayScroll: number;
	readonly detail: Detail | null;
	/** The node the grid keeps in view and the node view shows (`[` and `]` move it). */
	readonly nodeCursor: number;
	/** The last look at each node's containers and logs, by host, for the node view. */
	readonly inspections: Readonly<Record<string, NodeInspection>>;
	/** The plan's workdir: journal, backups, logs/<attempt>/<run>.log, report.json. */
	readonly workdir: string;
	/** The current or last run's log file; null before a run in this console. */
	readonly logFile: string | null;
	/** Another process's run holding this plan's lock (a headless run, another console), in words; null when none. */
	readonly heldBy: string | null;
	/** What the current or last run reported as failed or warned, in its own words, for the end-of-run view. */
	readonly findings: readonly Finding[];
	/** The downtime forecast (`d`): made once discovery read the cluster, then the one the run asked stop-old with. */
	readonly forecast: ForecastRecord | null;
	/** A past attempt shown read-only (`history ATTEMPT --console`): its id; null in the live console. */
	readonly past: string | null;
	/** The end-of-run panel's content, once a run or rollback ended. */
	readonly summary: RunSummary | null;
};

import type {Operator} from './operator.js';
import type {RunOutcome, StepId, StepOutcome} from './journal-types.js';

export type {RunOutcome, StepOutcome, StepStatus} from './journal-types.js';

/**
 * What the engine tells its observers (line printer, log file, panel store). It never renders anything itself.
 * Progress is coalesced at the source: at most ~10 reports a second per node and step, the last (done = total) always.
 */
export type EngineEvent =
	| {
			readonly type: 'run-started';
			readonly at: string;
			readonly runId: string;
			readonly attempt: string;
			readonly command: 'run' | 'rollback';
			readonly steps: readonly StepId[];
			readonly logFile: string;
	  }
	| {readonly type: 'step-started'; readonly at: string; readonly step: StepId; readonly node: string | null}
	| {
			readonly type: 'step-finished';
			readonly at: string;
			readonly step: StepId;
			readonly node: string | null;
			readonly status: StepOutcome;
			readonly reason: string;
	  }
	| {
			readonly type: 'log';
			readonly at: string;
			readonly step: StepId | null;
			readonly node: string | null;
			readonly level: 'info' | 'warn' | 'error';
			readonly text: string;
	  }
	| {
			readonly type: 'progress';
			readonly at: string;
			readonly step: StepId;
			readonly node: string | null;
			readonly done: number;
			readonly total: number;
			readonly unit: 'bytes';
			/** Bytes per second, smoothed over the last 3 s; null on a transfer's first report. */
			readonly rate: number | null;
			/** Seconds left at that rate; null without a rate. */
			readonly etaSec: number | null;
	  }
	| {
			readonly type: 'times';
			readonly at: string;
			readonly t1: string | null;
			readonly t2: string | null;
			readonly t3: string | null;
			readonly t4: string | null;
	  }
	/** A question put to the operator (a step's, the rollback's, an offer's), before it is answered. */
	| {
			readonly type: 'question';
			readonly at: string;
			readonly step: StepId | null;
			readonly kind: 'step' | 'rollback';
			readonly text: string;
	  }
	/** Its answer: the operator's, `--yes`'s, or none because the run was interrupted while it waited. */
	| {
			readonly type: 'answer';
			readonly at: string;
			readonly step: StepId | null;
			readonly answer: 'yes' | 'no' | 'interrupted';
			readonly by: 'operator' | '--yes';
			/** Who ran the tool and from where; absent when unknown. */
			readonly operator?: Operator | null;
	  }
	| {
			readonly type: 'run-finished';
			readonly at: string;
			readonly outcome: RunOutcome;
			readonly exitCode: number;
			readonly message: string;
	  };

type Listener = (event: EngineEvent) => void;

/** A tiny synchronous event bus: the engine publishes, the UI and writers subscribe. */
export class EventBus {
	private readonly listeners = new Set<Listener>();

	subscribe(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	emit(event: EngineEvent): void {
		for (const listener of this.listeners) listener(event);
	}
}

export const now = () => new Date().toISOString();

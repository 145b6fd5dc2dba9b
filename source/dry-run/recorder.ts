import type {StepId} from '../domain/journal-types.js';
import type {Action} from '../steps/step-types.js';

/** A write the dry run did not perform, in the step that would have performed it. */
type RecordedAction = Action & {
	/** The step that was running, or null before the first step (the run's own lock). */
	readonly step: StepId | null;
};

/** Collects the writes of a dry run, each tagged with the step the runner is in. */
export class Recorder {
	readonly actions: RecordedAction[] = [];
	/** Set by the runner's events (step-started). */
	step: StepId | null = null;
	/** Called for every recorded write (run --dry-run prints them as they come). */
	onRecord: ((action: RecordedAction) => void) | undefined;

	record(node: string | null, kind: Action['kind'], text: string): void {
		const action = {step: this.step, node, kind, text};
		this.actions.push(action);
		this.onRecord?.(action);
	}

	/**
	 * A step starts: a question asked since the last step ended (the step's own, asked before it starts)
	 * belongs to it, and so does what was written after that question (an offer's writes, such as the
	 * oms_version fix made before disable-ha runs). What came before any question (the run's lock) does not.
	 */
	enter(step: StepId): void {
		this.step = step;
		const asked = this.actions.findIndex(
			(action, index) => index >= this.lastExit && action.step === null && action.kind === 'operator',
		);
		if (asked < 0) return;
		for (const [index, action] of this.actions.entries())
			if (index >= asked && action.step === null) this.actions[index] = {...action, step};
	}

	/** The current step finished. */
	exit(): void {
		this.step = null;
		this.lastExit = this.actions.length;
	}

	private lastExit = 0;
}

/**
 * A value only a real write produces (a new container's id, a heartbeat after its start): a dry run
 * cannot know it, so it shows what the value is, marked `(dry run)`, where the run would show the value.
 */
export const unknownInDryRun = (what: string) => `<${what} (dry run)>`;

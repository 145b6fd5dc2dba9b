import type {Plan} from '../config/plan-types.js';
import {describeError, OmsError} from '../domain/errors.js';
import {now, type EventBus} from '../domain/events.js';
import type {QuestionAbout} from '../engine/run-options.js';
import {execute} from './run.js';

/** What the panel must do for the controller: show a question, say something. */
type ControllerHooks = {
	readonly ask: (question: string, about?: QuestionAbout) => void;
	readonly say: (message: string) => void;
	/**
	 * Resolves once the panel's quit question is not open (at once when it is not): while it is, no step
	 * begins and no question is asked, and whatever closes it lets the run go on.
	 */
	readonly quitQuestionClosed?: () => Promise<void>;
};

/**
 * Keys → controller → engine. The panel holds no upgrade logic: it asks the controller to run a step,
 * the rest, a retry or the rollback; the engine's events reach the panel through the bus.
 */
export class ConsoleController {
	private run: Promise<number> | undefined;
	private abort: AbortController | undefined;
	private pending: ((yes: boolean) => void) | undefined;
	/** The exit code of the last run or rollback, as `run` would have exited; the console exits with it. */
	lastExitCode = 0;

	constructor(
		private readonly plan: Plan,
		private readonly bus: EventBus,
		private readonly hooks: ControllerHooks,
	) {}

	get busy(): boolean {
		return this.run !== undefined;
	}

	runStep(step: string): void {
		this.start('run', {only: step});
	}

	runFrom(step: string): void {
		this.start('run', {from: step});
	}

	/** The panel asks for the typed word `rollback` first; the engine then asks once more, naming what it restores. */
	rollback(): void {
		this.start('rollback', {});
	}

	/** The operator's answer to the open question (default No). */
	answer(yes: boolean): void {
		const resolve = this.pending;
		this.pending = undefined;
		resolve?.(yes);
	}

	/** Ctrl-C semantics: the current call finishes, the journal records `interrupted`. */
	async interrupt(why = 'interrupted from the console'): Promise<void> {
		this.answer(false);
		this.abort?.abort(new Error(why));
		await this.run;
	}

	/** Resolves once the quit question is not open. */
	private async free(): Promise<void> {
		await this.hooks.quitQuestionClosed?.();
	}

	private start(command: 'run' | 'rollback', selection: {from?: string; only?: string}): void {
		if (this.run) {
			this.hooks.say('a step is running; wait for it (or q to stop after the current call)');
			return;
		}
		const abort = new AbortController();
		this.abort = abort;
		this.run = execute({
			plan: this.plan,
			command,
			yes: false,
			...selection,
			bus: this.bus,
			signal: abort.signal,
			betweenSteps: () => this.free(),
			confirm: async (question, _kind, about) => {
				// Asked once the quit question has closed; not at all when its answer was to quit.
				await this.free();
				if (abort.signal.aborted) return false;
				return new Promise<boolean>(resolve => {
					this.pending = resolve;
					this.hooks.ask(question, about);
				});
			},
		})
			.then(result => {
				if (result.nothingToDo) this.hooks.say(result.message);
				return (this.lastExitCode = result.exitCode);
			})
			.catch((error: unknown) => {
				const message = describeError(error);
				this.bus.emit({type: 'log', at: now(), step: null, node: null, level: 'error', text: message});
				this.hooks.say(message);
				return (this.lastExitCode = error instanceof OmsError ? error.exitCode : 1);
			})
			.finally(() => {
				this.run = undefined;
				this.abort = undefined;
			});
	}
}

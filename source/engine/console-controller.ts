import type {Plan} from '../config/plan-types.js';
import {describeError} from '../domain/errors.js';
import {now, type EventBus} from './events.js';
import {execute} from './runner.js';

/** What the panel must do for the controller: show a question, say something. */
export type ControllerHooks = {
	readonly ask: (question: string) => void;
	readonly say: (message: string) => void;
};

/**
 * Keys → controller → engine. The panel holds no upgrade logic: it asks the controller to run a step,
 * the rest, a retry or the rollback; the engine's events reach the panel through the bus.
 */
export class ConsoleController {
	private run: Promise<number> | undefined;
	private abort: AbortController | undefined;
	private pending: ((yes: boolean) => void) | undefined;

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

	/** The panel asks for the typed word `rollback` first; that is the rollback's confirmation, for every step of it. */
	rollback(): void {
		this.start('rollback', {}, true);
	}

	/** The operator's answer to the open question (default No). */
	answer(yes: boolean): void {
		const resolve = this.pending;
		this.pending = undefined;
		resolve?.(yes);
	}

	/** Ctrl-C semantics: the current call finishes, the journal records `interrupted`. */
	async interrupt(): Promise<void> {
		this.answer(false);
		this.abort?.abort(new Error('interrupted from the console'));
		await this.run;
	}

	private start(command: 'run' | 'rollback', selection: {from?: string; only?: string}, yes = false): void {
		if (this.run) {
			this.hooks.say('a step is running; wait for it (or q to stop after the current call)');
			return;
		}
		const abort = new AbortController();
		this.abort = abort;
		this.run = execute({
			plan: this.plan,
			command,
			yes,
			...selection,
			bus: this.bus,
			signal: abort.signal,
			confirm: question =>
				new Promise<boolean>(resolve => {
					this.pending = resolve;
					this.hooks.ask(question);
				}),
		})
			.then(result => result.exitCode)
			.catch((error: unknown) => {
				const message = describeError(error);
				this.bus.emit({type: 'log', at: now(), step: null, node: null, level: 'error', text: message});
				this.hooks.say(message);
				return 1;
			})
			.finally(() => {
				this.run = undefined;
				this.abort = undefined;
			});
	}
}

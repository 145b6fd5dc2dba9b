import type {Plan} from '../config/plan-types.js';
import type {EventBus} from '../domain/events.js';
import type {Forecast, ForecastRecord} from './forecast.js';
import type {Operator} from '../domain/operator.js';

/** What a `run` or `rollback` is asked to do, by the command line or the console. */
export type RunOptions = {
	readonly plan: Plan;
	readonly command: 'run' | 'rollback';
	readonly yes: boolean;
	readonly from?: string | undefined;
	readonly only?: string | undefined;
	readonly bus: EventBus;
	/** Asks the operator; the caller decides how (stdin line, panel dialog). Default answer is No. */
	readonly confirm: (question: string, kind: 'step' | 'rollback', about?: QuestionAbout) => Promise<boolean>;
	readonly signal: AbortSignal;
	/**
	 * Awaited before each step begins (before its question): the console holds it while its quit question is
	 * open, so no step starts while the operator decides whether to stop.
	 */
	readonly betweenSteps?: (() => Promise<void>) | undefined;
	/** --dry-run: the real steps with every write recorded and shown, nothing changed, no lock taken. */
	readonly dryRun?: boolean | undefined;
	/** Who runs it and from where, for the audit trail (the app fills it in from this process). */
	readonly operator?: Operator | undefined;
	/** The downtime forecast the app made before the run; kept in the journal until the downtime begins (T1). */
	readonly forecast?: Forecast | undefined;
};

/**
 * What a question carries beside its words, for a caller that can show more than a line: the stop-old
 * question (the downtime starts) carries the downtime forecast the run made.
 */
export type QuestionAbout = {readonly forecast: ForecastRecord};

import type {Discovery} from '../config/discover-cluster.js';
import type {UpgradeModel} from '../config/resolve-plan.js';
import {backupsDir} from '../domain/dump-command.js';
import type {Journal, StepId} from '../domain/journal-types.js';
import type {StepOutput} from '../domain/step-outputs.js';
import type {MetadbSession} from '../ports/metadb-port.js';
import type {RunPorts} from '../ports/run-ports.js';
import type {Operator} from '../domain/operator.js';
import {redact} from '../domain/redact.js';
import {resumeFacts} from '../steps/preflight-checks.js';
import type {StepContext} from '../steps/step-context.js';
import type {StepDefinition} from '../steps/step-types.js';
import {now, type EventBus} from '../domain/events.js';
import {stepRecord} from '../domain/journal.js';
import {ProgressCoalescer, progressText} from './progress-coalescer.js';
import {outputReader, recordOutput} from './step-outputs.js';
import type {QuestionAbout} from './run-options.js';
import {transition} from './transition.js';

/** The runner's side of a step's context: the journal is its own (steps see StepContext only). */
export type RunContext = StepContext & {
	readonly journal: Journal;
	/** Writes the journal (chained: each write lands whole and in order). */
	readonly save: () => Promise<void>;
	/** Puts an output of the current step into the journal; the next save writes it. */
	readonly take: (output: StepOutput) => void;
	/** The step the runner is in; log lines and progress belong to it. */
	current: StepId | null;
	/**
	 * Every question goes through here, with --yes too: it is published as a `question` event, answered
	 * (by --yes at once, or by the operator), and the answer published as an `answer` event, so the run log
	 * and `--json` keep the dialogue.
	 */
	readonly ask: (question: string, kind: 'step' | 'rollback', about?: QuestionAbout) => Promise<boolean>;
	readonly close: () => Promise<void>;
};

/**
 * The context steps run in: journal saves chained in order, one MetaDB session, events tagged with the current step.
 */
export function runContext(options: {
	model: UpgradeModel;
	discovery: Discovery;
	journal: Journal;
	steps: readonly StepDefinition[];
	bus: EventBus;
	yes: boolean;
	confirm: (question: string, kind: 'step' | 'rollback', about?: QuestionAbout) => Promise<boolean>;
	signal: AbortSignal;
	/** Milliseconds, for progress rates; Date.now unless a test fakes it. */
	clock?: () => number;
	/** Who runs it and from where: kept with every answer (null when unknown). */
	operator?: Operator | null;
	ports: RunPorts;
}): RunContext {
	const {model, journal, bus, ports} = options;
	let metadb: MetadbSession | undefined;
	// Node steps ask at once (start-new's start marks): they share the one connection being opened, or each
	// would open its own and all but the last would stay open, keeping the process alive after the run.
	let connecting: Promise<MetadbSession> | undefined;
	// Node steps save concurrently: writes are chained so each one lands whole and in order.
	let saving: Promise<void> = Promise.resolve();
	let lastTimes = '';
	const progress = new ProgressCoalescer(options.clock);
	const ctx: RunContext = {
		model,
		discovery: options.discovery,
		journal,
		attempt: journal.attempt,
		outputs: outputReader(journal),
		take: output => {
			// A step hands over only its own facts: one step's output is never another's to write.
			if (output.step !== ctx.current)
				throw new Error(`step ${ctx.current ?? '(none)'} handed over an output of ${output.step}`);
			recordOutput(journal, output);
		},
		record: output => {
			ctx.take(output);
			return ctx.save();
		},
		doneOn: host => (ctx.current ? journal.steps[ctx.current]?.nodes[host]?.status === 'succeeded' : false),
		resumed: () => resumeFacts(journal),
		current: null,
		backupsDir: backupsDir(model.plan.workdir, journal.attempt),
		save: () => {
			const times = `${journal.t1}|${journal.t2}|${journal.t3}|${journal.t4}`;
			if (times !== lastTimes) {
				lastTimes = times;
				bus.emit({type: 'times', at: now(), t1: journal.t1, t2: journal.t2, t3: journal.t3, t4: journal.t4});
			}
			return (saving = saving.catch(() => undefined).then(() => ports.journal.save(journal)));
		},
		metadb: async () => {
			if (metadb?.usable) return metadb;
			connecting ??= (async () => {
				await metadb?.close();
				metadb = undefined;
				return (metadb = await ports.connectMetadb());
			})().finally(() => (connecting = undefined));
			return connecting;
		},
		earlierLines: async host => (ctx.current ? ports.readStepLines(journal.attempt, ctx.current, host) : []),
		checks: ports.preflight,
		dumps: ports.dumps,
		files: ports.files,
		log: (node, text, level = 'info') =>
			bus.emit({type: 'log', at: now(), step: ctx.current, node, level, text: redact(text)}),
		progress: (node, done, total) => {
			const step = ctx.current;
			const report = step ? progress.offer(`${step}|${node ?? ''}`, done, total) : undefined;
			if (!step || !report) return;
			bus.emit({
				type: 'progress',
				at: new Date(report.at).toISOString(),
				step,
				node,
				done,
				total,
				unit: 'bytes',
				rate: report.rate,
				etaSec: report.etaSec,
			});
			if (report.milestone) ctx.log(node, progressText(report));
		},
		ask: async (question, kind, about) => {
			const step = ctx.current;
			const askedAt = now();
			const text = redact(question);
			bus.emit({type: 'question', at: askedAt, step, kind, text});
			const yes = options.yes || (await options.confirm(question, kind, about));
			const answer = options.signal.aborted && !options.yes ? 'interrupted' : yes ? 'yes' : 'no';
			const by = options.yes ? '--yes' : 'operator';
			const operator = options.operator ?? null;
			const answeredAt = now();
			// The audit trail: the journal keeps the dialogue with who answered; the next save writes it.
			(journal.answers ??= []).push({
				step,
				kind,
				question: text,
				askedAt,
				answer,
				by,
				answeredAt,
				operator,
				run: journal.runs.at(-1)?.id ?? null,
			});
			bus.emit({type: 'answer', at: answeredAt, step, answer, by, operator});
			return yes;
		},
		confirm: question => ctx.ask(question, 'step'),
		nodeState: async (node, status, reason = '') => {
			const step = options.steps.find(candidate => candidate.id === ctx.current);
			if (!step) throw new Error(`nodeState(${node}) called outside a step`);
			const sub = (stepRecord(journal, step.id).nodes[node] ??= {
				status: 'pending',
				startedAt: null,
				finishedAt: null,
				reason: null,
			});
			await transition(ctx, bus, step, node, sub, status, reason);
		},
		signal: options.signal,
		close: async () => {
			await saving.catch(() => undefined);
			await connecting?.catch(() => undefined);
			await metadb?.close();
		},
	};
	return ctx;
}

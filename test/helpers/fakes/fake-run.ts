import {EventBus, type EngineEvent} from '../../../source/domain/events.js';
import {newJournal} from '../../../source/domain/journal.js';
import {runSession} from '../../../source/engine/run-session.js';
import type {RunResult} from '../../../source/engine/run-result.js';
import {selectSteps} from '../../../source/engine/selection.js';
import type {Operator} from '../../../source/domain/operator.js';
import type {Journal} from '../../../source/domain/journal-types.js';
import type {RunPorts} from '../../../source/ports/run-ports.js';
import {rollbackSteps, upgradeSteps} from '../../../source/steps/index.js';
import type {FakeCluster} from './fake-cluster.js';

export type FakeRunOptions = {
	readonly journal?: Journal;
	readonly yes?: boolean;
	readonly from?: string;
	readonly only?: string;
	/** The operator's answers, in order (default: yes to everything). */
	readonly answers?: boolean[];
	readonly signal?: AbortSignal;
	/** Told of every question and the answer it got. */
	readonly onQuestion?: (question: string, answer: boolean) => void;
	/** Who runs it (default: nobody known). */
	readonly operator?: Operator;
	/** The ports to run over (default: the cluster's own). */
	readonly ports?: RunPorts;
	/** Awaited before each step begins, as the console's quit question holds it. */
	readonly betweenSteps?: () => Promise<void>;
};

/**
 * One `run` or `rollback` of the real runner session over a fake cluster. Preflight reads the live
 * MetaDB and the local clients outside the ports, so the upgrade starts after it: a journal whose
 * preflight passed, as a real run's would be.
 */
export async function fakeRun(
	cluster: FakeCluster,
	command: 'run' | 'rollback',
	options: FakeRunOptions = {},
): Promise<{result: RunResult; journal: Journal; events: EngineEvent[]; questions: string[]}> {
	const journal = options.journal ?? passedPreflight(cluster);
	const bus = new EventBus();
	const events: EngineEvent[] = [];
	bus.subscribe(event => events.push(event));
	const steps = command === 'run' ? upgradeSteps : rollbackSteps;
	const chosen = selectSteps(steps, options.from, options.only);
	const selected = command === 'run' ? chosen.filter(step => step.id !== 'preflight') : chosen;
	const questions: string[] = [];
	const answers = [...(options.answers ?? [])];
	const result = await runSession({
		plan: cluster.model.plan,
		command,
		yes: options.yes ?? false,
		from: options.from,
		only: options.only,
		bus,
		confirm: async question => {
			questions.push(question);
			const answer = answers.shift() ?? true;
			options.onQuestion?.(question, answer);
			return answer;
		},
		signal: options.signal ?? new AbortController().signal,
		betweenSteps: options.betweenSteps,
		operator: options.operator,
		ports: options.ports ?? cluster.ports,
		steps,
		selected,
		journal,
		discovery: cluster.discovery,
		model: cluster.model,
	});
	return {result, journal, events, questions};
}

/** A new attempt's journal after preflight passed. */
export function passedPreflight(cluster: FakeCluster, at = new Date('2026-11-25T03:00:00Z')): Journal {
	const journal = newJournal(cluster.model.plan, at);
	const checked = new Date(at.getTime() + 1000).toISOString();
	journal.steps.preflight = {
		status: 'succeeded',
		startedAt: checked,
		finishedAt: checked,
		reason: '15 checks passed',
		nodes: {},
	};
	return journal;
}

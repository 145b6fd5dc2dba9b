import type {Discovery} from '../config/discover-cluster.js';
import type {UpgradeModel} from '../config/resolve-plan.js';
import type {Journal, StepId, StepOutcome} from '../domain/journal-types.js';
import {dryRunPorts} from '../dry-run/dry-run-ports.js';
import {dryRunSession} from '../dry-run/dry-run-session.js';
import {Recorder} from '../dry-run/recorder.js';
import {EventBus} from '../domain/events.js';
import {newJournal} from '../domain/journal.js';
import type {RunPorts} from '../ports/run-ports.js';
import type {RunResult} from '../engine/run-result.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import type {Action, StepDefinition} from '../steps/step-types.js';

/** One step of `plan`: what it is and the exact actions the dry run recorded for it. */
export type PlannedStep = {
	readonly id: StepId;
	readonly title: string;
	readonly scope: StepDefinition['scope'];
	readonly destructive: boolean;
	readonly actions: readonly Action[];
};

/**
 * `plan` is the run with its writes recorded: the upgrade from where the journal stands (a resumed run),
 * then the rollback of that attempt, both the real step code against the live cluster through recording
 * ports. A step that writes nothing shows how it ended (what it read, why it was skipped or refused).
 */
export async function plannedSteps(
	discovery: Discovery,
	model: UpgradeModel,
	journal: Journal | undefined,
	live: RunPorts,
	upgradeOrder: readonly StepDefinition[] = upgradeSteps,
): Promise<{upgrade: PlannedStep[]; rollback: PlannedStep[]}> {
	const recorder = new Recorder();
	const bus = new EventBus();
	const outcomes = new Map<StepId, {status: StepOutcome; reason: string}>();
	bus.subscribe(event => {
		if (event.type === 'step-finished' && event.node === null)
			outcomes.set(event.step, {status: event.status, reason: event.reason});
	});
	const working = journal ? structuredClone(journal) : newJournal(model.plan);
	const dry = dryRunPorts(model, live, recorder);
	const common = {
		plan: model.plan,
		yes: false,
		bus,
		confirm: async () => true,
		signal: new AbortController().signal,
		ports: live,
		discovery,
		model,
		journal: working,
	};
	const upgrade: RunResult | undefined = working.rollback
		? undefined
		: await dryRunSession({...common, command: 'run', steps: upgradeSteps, selected: upgradeOrder}, recorder, dry);
	const rollback = await dryRunSession(
		{...common, command: 'rollback', steps: rollbackSteps, selected: rollbackSteps},
		recorder,
		dry,
	);
	const planned = (steps: readonly StepDefinition[], result: RunResult | undefined) =>
		steps.map((step): PlannedStep => {
			const recorded = recorder.actions
				.filter(action => action.step === step.id)
				.map(({node, kind, text}) => ({node, kind, text}));
			const actions: Action[] = inNodeOrder(
				recorded,
				model.nodes.map(node => node.host),
			);
			const outcome = outcomes.get(step.id);
			if (!outcome)
				actions.push({
					node: null,
					kind: 'check',
					text: result ? `not reached: ${result.message}` : `a rollback of attempt ${working.attempt} is in progress`,
				});
			else if (outcome.status === 'succeeded' && actions.length === 0)
				actions.push({node: null, kind: 'check', text: `reads only: ${outcome.reason}`});
			else if (outcome.status !== 'succeeded')
				actions.push({node: null, kind: 'check', text: `${outcome.status}: ${outcome.reason}`});
			return {id: step.id, title: step.title, scope: step.scope, destructive: step.destructive, actions};
		});
	return {upgrade: planned(upgradeOrder, upgrade), rollback: planned(rollbackSteps, rollback)};
}

/**
 * Nodes run in parallel, so their writes are recorded in whatever order their calls came back. The plan
 * lists each run of node actions by node, in the plan's node order (a node's own actions keep their
 * order); an action of the whole cluster stays where it was, between the runs.
 */
export function inNodeOrder(actions: readonly Action[], hosts: readonly string[]): Action[] {
	const rank = (action: Action) => hosts.indexOf(action.node ?? '');
	const ordered: Action[] = [];
	let run: Action[] = [];
	const flush = () => {
		ordered.push(
			...run
				.map((action, index) => ({action, index}))
				.sort((a, b) => rank(a.action) - rank(b.action) || a.index - b.index)
				.map(item => item.action),
		);
		run = [];
	};
	for (const action of actions) {
		if (action.node === null) {
			flush();
			ordered.push(action);
		} else run.push(action);
	}
	flush();
	return ordered;
}

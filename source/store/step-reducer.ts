import type {EngineEvent, StepOutcome} from '../domain/events.js';
import {withTransfer} from './node-transfer.js';
import type {NodeView, PanelState, StepView} from './panel-state.js';

type StepEvent = Extract<EngineEvent, {type: 'step-started' | 'step-finished' | 'progress' | 'run-started'}>;

/** Pure: the panel state after a step event (the node grid's image/init columns follow the steps). */
export function applyStepEvent(state: PanelState, event: StepEvent): Partial<PanelState> {
	if (event.type === 'run-started') {
		const mode = event.command === 'rollback' ? 'rollback' : 'upgrade';
		return {
			mode,
			message: null,
			selected: mode === state.mode ? state.selected : 0,
			logFile: event.logFile,
			summary: null,
		};
	}
	const inRollback = event.step.startsWith('rb-');
	const list = inRollback ? state.rollback : state.steps;
	const index = list.findIndex(step => step.id === event.step);
	const step = list[index];
	if (!step) return {};
	let next: StepView;
	const interrupted = event.type === 'step-finished' && event.node === null && event.status === 'interrupted';
	if (event.type === 'progress') next = {...step, progress: {done: event.done, total: event.total}};
	else {
		const status: StepOutcome = event.type === 'step-started' ? 'running' : event.status;
		next =
			event.node === null
				? {
						...step,
						status,
						startedAt: event.type === 'step-started' ? event.at : step.startedAt,
						finishedAt: event.type === 'step-finished' ? event.at : null,
						reason: event.type === 'step-finished' ? event.reason : step.reason,
						progress: event.type === 'step-finished' ? null : step.progress,
						nodes: interrupted ? mapValues(step.nodes, sub => agreeing('interrupted', sub)) : step.nodes,
					}
				: {...step, nodes: {...step.nodes, [event.node]: status}};
	}
	const updated = list.map((candidate, position) => (position === index ? next : candidate));
	const startedHere = event.type === 'step-started' && event.node === null;
	return {
		...(inRollback ? {rollback: updated, mode: 'rollback' as const} : {steps: updated}),
		...(startedHere ? {running: event.step, ...(state.follow ? {selected: index} : {})} : {}),
		...(event.type === 'step-finished' && event.node !== null
			? {nodes: nodesAfter(state.nodes, event.step, event.node, event.status)}
			: {}),
		...(event.type === 'progress' && event.node !== null ? {nodes: withTransfer(state.nodes, event)} : {}),
		...(interrupted && event.step === 'init'
			? {
					nodes: state.nodes.map(node =>
						node.init === null ? node : {...node, init: agreeing('interrupted', node.init)},
					),
				}
			: {}),
	};
}

/**
 * A node's state under a step as the step's own state allows it: when the step was interrupted, the
 * call it cut short on a node failed only because of that, so node card and step list both say interrupted.
 */
export function agreeing(stepStatus: StepOutcome | undefined, nodeStatus: StepOutcome): StepOutcome {
	return stepStatus === 'interrupted' && (nodeStatus === 'failed' || nodeStatus === 'running')
		? 'interrupted'
		: nodeStatus;
}

function mapValues(
	record: Readonly<Record<string, StepOutcome>>,
	change: (value: StepOutcome) => StepOutcome,
): Record<string, StepOutcome> {
	return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, change(value)]));
}

function nodesAfter(nodes: readonly NodeView[], step: string, host: string, status: StepOutcome): NodeView[] {
	return nodes.map(node => {
		if (node.host !== host) return node;
		if (step === 'stage-image') return {...node, imageStaged: status === 'succeeded', transfer: null};
		if (step === 'init') return {...node, init: status};
		return node;
	});
}

/** The first step that is neither done nor skipped: what `enter` runs. */
export function nextStepIndex(steps: readonly StepView[]): number {
	const index = steps.findIndex(step => step.status !== 'succeeded' && step.status !== 'skipped');
	return index;
}

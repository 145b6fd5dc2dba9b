import type {Plan} from '../config/plan-types.js';
import type {UpgradeModel} from '../config/resolve-plan.js';
import type {Journal, StepRecord} from '../domain/journal-types.js';
import {parseHaConfig} from '../domain/ha-config.js';
import type {StepDefinition} from '../steps/step-types.js';
import type {PanelState, StepView, StoreManaged} from './panel-state.js';
import {agreeing} from './step-reducer.js';

/** A step as the checklist shows it, from its definition and (when a run came before) its journal record. */
export function stepView(
	step: Pick<StepDefinition, 'id' | 'title' | 'scope' | 'destructive'>,
	record?: StepRecord,
): StepView {
	return {
		id: step.id,
		title: step.title,
		scope: step.scope,
		destructive: step.destructive,
		status: record?.status ?? 'pending',
		nodes: Object.fromEntries(
			Object.entries(record?.nodes ?? {}).map(([host, sub]) => [host, agreeing(record?.status, sub.status)]),
		),
		startedAt: record?.startedAt ?? null,
		finishedAt: record?.finishedAt ?? null,
		reason: record?.reason ?? null,
		progress: null,
	};
}

/** What the panel looks like before the operator does anything: the checklist focused, the log following. */
export const viewDefaults = {
	mode: 'upgrade',
	selected: 0,
	focus: 'steps',
	follow: true,
	scroll: 0,
	filter: '',
	filtering: false,
	overlay: null,
	confirmation: null,
	typed: '',
	running: null,
	waiting: null,
	message: null,
	commandLineMessage: null,
	lastMessage: null,
	wrap: true,
	overlayScroll: 0,
	detail: null,
	nodeCursor: 0,
	inspections: {},
	logFile: null,
	summary: null,
	forecast: null,
	past: null,
	findings: [],
	heldBy: null,
} as const satisfies Partial<PanelState>;

/**
 * The MetaDB as the header names it: `host:port as user`. An OceanBase user behind OBProxy is itself
 * `user@tenant#cluster`, so `user@host` would read as two hosts: its tenant and cluster are said apart.
 */
export function metadbLabel(user: string, host: string, port: number): string {
	const ob = /^([^@#]+)@([^#]+)#(.+)$/.exec(user);
	return ob ? `${host}:${port} as ${ob[1]} (tenant ${ob[2]}, cluster ${ob[3]})` : `${host}:${port} as ${user}`;
}

/** The panel's first state: the topology found, and the journal's step states when a run came before. */
export function initialPanelState(
	model: UpgradeModel,
	journal: Journal | undefined,
	upgrade: readonly StepDefinition[],
	rollback: readonly StepDefinition[],
): Omit<PanelState, StoreManaged> {
	const view = (step: StepDefinition) => stepView(step, journal?.steps[step.id]);
	const rollbackViews = rollback.map(view);
	const ha = model.haFound === undefined ? undefined : parseHaConfig(model.haFound);
	return {
		planName: model.plan.name,
		workdir: model.plan.workdir,
		from: journal?.from ?? model.from,
		to: model.to,
		metadb: metadbLabel(model.metadb.user, model.metadb.host, model.metadb.port),
		haState: ha ? (ha.enable === true ? 'on' : 'off') : 'unknown',
		openedAt: Date.now(),
		t1: journal?.t1 ?? null,
		t2: journal?.t2 ?? null,
		t4: journal?.t4 ?? null,
		steps: upgrade.map(view),
		rollback: rollbackViews,
		nodes: model.nodes.map(node => ({
			host: node.host,
			region: node.region,
			oldContainer: node.oldContainer,
			newContainer: node.newContainer,
			oldState: null,
			newState: null,
			imageStaged: imageStagedOn(journal, node.host),
			init: initOf(journal, node.host),
			initBy: initPeer(model, node.host),
			hostStatus: null,
			heartbeatAgeSec: null,
			reachable: true,
			ssh: node.engine.tunnel?.state ?? null,
			oldBinds: node.oldBinds,
			newBinds: null,
		})),
		...viewDefaults,
		mode: rollbackViews.some(step => step.status !== 'pending') ? 'rollback' : 'upgrade',
	};
}

/**
 * The checklist, clocks, versions and each node's image and init as a journal read again says (a run made
 * elsewhere, or the end of this console's own rollback). A step keeps the warnings the panel counted while its
 * status stands. With no journal (a rollback closed the attempt and archived it), the checklist is the next
 * attempt's, all pending, and the OMS that runs is the closed attempt's source version, as the panel last knew
 * it (not the version discovery read when the console opened, which after an upgrade is the target).
 */
export function followedState(
	before: Pick<PanelState, 'steps' | 'rollback' | 'from' | 'nodes'>,
	journal: Journal | undefined,
	upgrade: readonly StepDefinition[],
	rollback: readonly StepDefinition[],
): Pick<PanelState, 'steps' | 'rollback' | 'mode' | 't1' | 't2' | 't4' | 'from' | 'nodes'> {
	const keep = (views: readonly StepView[], list: readonly StepDefinition[]) =>
		list.map(step => {
			const view = stepView(step, journal?.steps[step.id]);
			const was = views.find(candidate => candidate.id === step.id);
			return was?.warnings && was.status === view.status ? {...view, warnings: was.warnings} : view;
		});
	const rollbackViews = keep(before.rollback, rollback);
	return {
		steps: keep(before.steps, upgrade),
		rollback: rollbackViews,
		mode: rollbackViews.some(step => step.status !== 'pending') ? 'rollback' : 'upgrade',
		t1: journal?.t1 ?? null,
		t2: journal?.t2 ?? null,
		t4: journal?.t4 ?? null,
		from: journal?.from ?? before.from,
		// Each node card's image and init as the journal has them (the poller reads the containers themselves).
		nodes: before.nodes.map(node => ({
			...node,
			imageStaged: imageStagedOn(journal, node.host),
			init: initOf(journal, node.host),
		})),
	};
}

/**
 * The panel's state before discovery has read the nodes: the plan's names and the journal's step states,
 * with what only the nodes can tell (region, container states, the MetaDB found in config.yaml) as `…`.
 */
export function openingPanelState(
	plan: Plan,
	journal: Journal | undefined,
	upgrade: readonly StepDefinition[],
	rollback: readonly StepDefinition[],
): Omit<PanelState, StoreManaged> {
	const view = (step: StepDefinition) => stepView(step, journal?.steps[step.id]);
	return {
		planName: plan.name,
		workdir: plan.workdir,
		from: journal?.from ?? '…',
		to: journal?.to ?? plan.target.version,
		metadb: '…',
		haState: 'unknown',
		openedAt: Date.now(),
		t1: journal?.t1 ?? null,
		t2: journal?.t2 ?? null,
		t4: journal?.t4 ?? null,
		steps: upgrade.map(view),
		rollback: rollback.map(view),
		nodes: plan.nodes.map(node => ({
			host: node.host,
			region: '…',
			oldContainer: node.container,
			newContainer: node.newContainer,
			oldState: null,
			newState: null,
			imageStaged: imageStagedOn(journal, node.host),
			init: initOf(journal, node.host),
			initBy: null,
			hostStatus: null,
			heartbeatAgeSec: null,
			reachable: true,
			ssh: node.endpoint.kind === 'ssh' ? 'connecting' : null,
			oldBinds: [],
			newBinds: null,
		})),
		...viewDefaults,
	};
}

/** The question the console opens with when the journal shows an unfinished upgrade; undefined otherwise. */
export function resumeQuestion(journal: Journal | undefined, upgrade: readonly StepDefinition[]): string | undefined {
	if (!journal) return undefined;
	const records = upgrade.map(step => ({id: step.id, record: journal.steps[step.id]}));
	const started = records.filter(item => item.record && item.record.status !== 'pending');
	if (
		started.length === 0 ||
		records.every(item => item.record?.status === 'succeeded' || item.record?.status === 'skipped')
	)
		return undefined;
	const stopped = records.find(item => item.record?.status !== 'succeeded' && item.record?.status !== 'skipped');
	if (!stopped) return undefined;
	const last = journal.runs.at(-1);
	const how = stopped.record
		? `${stopped.record.status}${stopped.record.reason ? `: ${stopped.record.reason}` : ''}`
		: 'not started';
	return `An upgrade of this plan stopped at ${stopped.id} (${how})${last ? `; last run ${last.id}, ${last.outcome}` : ''}. Continue from ${stopped.id}?`;
}

function initPeer(model: UpgradeModel, host: string): string | null {
	const target = model.initTargets.find(candidate => candidate.hosts.includes(host));
	if (target) return null;
	const region = model.nodes.find(node => node.host === host)?.region;
	return model.initTargets.find(candidate => candidate.region === region)?.hosts[0] ?? null;
}

/** Whether stage-image loaded the image on this node, as the journal says. */
function imageStagedOn(journal: Journal | undefined, host: string): boolean {
	return journal?.steps['stage-image']?.nodes[host]?.status === 'succeeded';
}

function initOf(journal: Journal | undefined, host: string) {
	const sub = journal?.steps.init?.nodes[host]?.status;
	return sub === undefined ? null : agreeing(journal?.steps.init?.status, sub);
}

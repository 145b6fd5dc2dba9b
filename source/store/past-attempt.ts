import type {Plan} from '../config/plan-types.js';
import {parseLogLine} from '../domain/event-text.js';
import type {Journal} from '../domain/journal-types.js';
import type {StepDefinition} from '../steps/step-types.js';
import {openingPanelState} from './initial-state.js';
import type {Finding} from './panel-state.js';
import {createPanelStore, type PanelStore} from './panel-store.js';
import {summaryFromReport} from './run-summary.js';

/** What the workdir keeps of one attempt: its journal, its report (if one was written) and its run logs. */
type PastAttemptFiles = {
	readonly plan: Plan;
	readonly journal: Journal;
	readonly report: {readonly file: string; readonly content: unknown} | undefined;
	/** The attempt's run logs, oldest first. */
	readonly logs: ReadonlyArray<{readonly file: string; readonly text: string}>;
};

/** The footer's words for a key that would act on the cluster, in a past attempt's console. */
export const pastAttemptText = (attempt: string) =>
	`read-only: attempt ${attempt} is a past attempt, shown from its journal and run logs; nothing here acts on the cluster`;

/**
 * The console over a past attempt, read-only: its checklist with each step's result per node, its run logs in
 * the log pane, its end-of-run view (`s`: the downtime split, beside the forecast) and its forecast (`d`), all
 * from the workdir's files; no node or MetaDB is read.
 */
export function pastAttemptStore(
	past: PastAttemptFiles,
	upgrade: readonly StepDefinition[],
	rollback: readonly StepDefinition[],
): PanelStore {
	const {plan, journal} = past;
	const opening = openingPanelState(plan, journal, upgrade, rollback);
	const lines = past.logs.flatMap(log => log.text.split('\n').flatMap(line => parseLogLine(line) ?? []));
	// As the live console gathers them: errors and warnings, and each node's failure (a step's own FAILED line
	// repeats its nodes' words).
	const findings: Finding[] = lines
		.filter(line => line.level !== 'info' && !(line.node === null && line.text.startsWith('FAILED')))
		.map(line => ({
			level: line.level === 'error' ? 'error' : 'warn',
			step: line.step,
			node: line.node,
			text: line.text,
		}));
	// init runs on one node per region: a node without its own init record had it run by a peer (its region is
	// not known without the nodes).
	const initHosts = Object.keys(journal.steps.init?.nodes ?? {});
	const last = journal.runs.at(-1);
	const summary = past.report
		? {
				...summaryFromReport(
					past.report.content as Parameters<typeof summaryFromReport>[0],
					last?.command ?? 'run',
					plan.workdir,
					past.report.file,
				),
				findings: findings.slice(-100),
			}
		: null;
	const store = createPanelStore(
		{
			...opening,
			metadb: 'not read (a past attempt)',
			haState: 'not read',
			nodes: opening.nodes.map(node => ({
				...node,
				region: '–',
				oldState: 'not read',
				newState: 'not read',
				hostStatus: 'not read',
				initBy: node.init === null ? (initHosts[0] ?? null) : null,
				ssh: null,
				past: true,
			})),
			mode: opening.rollback.some(step => step.status !== 'pending') ? 'rollback' : 'upgrade',
			past: journal.attempt,
			forecast: journal.forecast ?? null,
			logFile: past.logs.at(-1)?.file ?? null,
			summary,
			findings: findings.slice(-100),
			message: `attempt ${journal.attempt}, read-only: ${last ? `last run ${last.id}, ${last.outcome}` : 'no run recorded'}; s its end, d its forecast`,
		},
		Math.max(5000, lines.length),
	);
	for (const line of lines) store.log.push(line);
	store.setState({logRevision: store.log.appended});
	return store;
}

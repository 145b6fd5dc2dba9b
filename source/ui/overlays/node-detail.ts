import type {ContainerFacts, NodeInspection} from '../../engine/node-inspection.js';
import type {LogLine} from '../../store/log-buffer.js';
import type {NodeView} from '../../store/panel-state.js';
import {stepGlyph, stepWord} from '../glyphs.js';
import {beatBeforeT1} from '../../domain/node-health.js';
import {healthText} from '../node-card.js';
import {nodeBindLines} from './binds.js';
import type {ViewLine} from './scroll-view.js';

type NodeDetailInput = {
	readonly node: NodeView;
	/** Its place among the plan's nodes, from 0. */
	readonly index: number;
	readonly count: number;
	readonly inspection: NodeInspection | undefined;
	/** docker_init.sh's output for this node as this console saw it (the init step's lines). */
	readonly initLines: readonly LogLine[];
	readonly sinceT1Sec: number | null;
	readonly workdir: string;
};

export const nodeTitle = (input: Pick<NodeDetailInput, 'node' | 'index' | 'count'>) =>
	`Node ${input.node.host} · ${input.node.region} · ${input.index + 1} of ${input.count} · [ ] other nodes · esc closes`;

const heading = (text: string): ViewLine => ({text, bold: true});

/** One node whole: containers, image, binds, env that matters, status, heartbeat, link, logs, init output. */
export function nodeDetailLines({node, inspection, initLines, sinceT1Sec, workdir}: NodeDetailInput): ViewLine[] {
	const link = node.ssh === null ? 'engine reached directly (unix or tcp)' : `ssh ${node.ssh}`;
	const init =
		node.init !== null
			? `${stepGlyph[node.init]} ${stepWord[node.init]}`
			: node.initBy
				? `peer: ${node.initBy} runs docker_init.sh for region ${node.region}`
				: '○ pending';
	const age = node.heartbeatAgeSec;
	const fresh =
		age === null
			? 'no heartbeat row'
			: beatBeforeT1(age, sinceT1Sec)
				? 'older than the stop (T1): the old OMS wrote it'
				: 'fresh';
	const lines: ViewLine[] = [
		heading('Status'),
		{
			text: `  engine     ${node.reachable ? 'answering' : '✗ not answering within the poll interval'} · ${link}`,
			indent: 13,
		},
		{text: `  MetaDB     ${healthText(node, sinceT1Sec)} (${fresh})`, indent: 13},
		{text: `  image      ${node.imageStaged ? '✓ staged' : '○ not staged yet'} · init ${init}`, indent: 13},
		heading('Containers'),
		...container('old', node.oldContainer, node.oldState, inspection?.old),
		...container('new', node.newContainer, node.newState, inspection?.fresh),
		heading('Binds (old → new)'),
		...nodeBindLines(node),
		heading('Environment that matters'),
		...environment(inspection),
		heading(
			`Logs of ${node.newContainer} (last 200 lines${inspection ? `, read ${inspection.at.slice(11, 19)}` : ''})`,
		),
		...containerLogs(node, inspection),
		heading('docker_init.sh output'),
		...initOutput(node, initLines, inspection, workdir),
	];
	return lines;
}

function container(
	label: string,
	name: string,
	state: string | null,
	facts: ContainerFacts | null | undefined,
): ViewLine[] {
	const lines: ViewLine[] = [
		{text: `  ${label} ${name} ${state ?? '…'}${facts ? ` · image ${facts.image}` : ''}`, indent: 6},
	];
	if (facts && facts.startedAt && !facts.startedAt.startsWith('0001-'))
		lines.push({text: `      started ${facts.startedAt}`, indent: 6});
	return lines;
}

function environment(inspection: NodeInspection | undefined): ViewLine[] {
	if (!inspection) return [{text: '  reading the node…', color: 'gray'}];
	if (inspection.error) return [{text: `  ✗ ${inspection.error}`, color: 'red', indent: 4}];
	const rows = [
		...(inspection.fresh ? inspection.fresh.env.map(variable => `new ${variable}`) : []),
		...(inspection.old ? inspection.old.env.map(variable => `old ${variable}`) : []),
	];
	return rows.length > 0
		? rows.map(text => ({text: `  ${text}`, indent: 6}))
		: [{text: '  (none of OMS_*, IS_UPGRADE, HA_*, TZ, LANG, JAVA_OPTS set)'}];
}

function containerLogs(node: NodeView, inspection: NodeInspection | undefined): ViewLine[] {
	if (!inspection) return [{text: '  reading the node…', color: 'gray'}];
	if (inspection.logs === null) return [{text: `  ${node.newContainer} does not exist yet (start-new creates it)`}];
	if (inspection.logs.length === 0) return [{text: '  (no output yet)'}];
	return inspection.logs.map(text => ({text: `  ${text}`, indent: 2}));
}

/** What this console saw of init on the node, else what the attempt's run logs recorded of it. */
function initOutput(
	node: NodeView,
	lines: readonly LogLine[],
	inspection: NodeInspection | undefined,
	workdir: string,
): ViewLine[] {
	if (lines.length > 0)
		return lines.map(line => ({
			text: `  ${line.at.slice(11, 19)} ${line.text}`,
			indent: 11,
			...(line.level === 'error' ? {color: 'red'} : {}),
		}));
	if (node.initBy) return [{text: `  runs on ${node.initBy} for this region; see that node's view`}];
	const logged = inspection?.initOutput ?? [];
	if (logged.length > 0)
		return [
			{text: `  from the run logs in ${workdir}/logs/:`, indent: 4},
			...logged.map(line => ({text: `  ${line.at.slice(11, 19)} ${line.text}`, indent: 11})),
		];
	return [{text: `  none yet: init has not run on this node in this attempt`, indent: 2}];
}

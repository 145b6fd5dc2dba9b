import type {ViewLine} from './scroll-view.js';

export const helpTitle = 'Keys and signs · esc closes';

const helpLines: ReadonlyArray<readonly [string, string]> = [
	['enter', 'run the next step (destructive steps ask first); with the log focused: open the line whole'],
	['a', 'run to the end, stopping at every confirmation'],
	['R', 'retry the failed or interrupted step'],
	['X', 'roll back (type rollback and press enter)'],
	['n', 'the node view: containers, image, binds, env, status, logs, docker_init output'],
	['[ ]', 'previous / next node (in the grid and in the node view)'],
	['m', "the footer's last message, whole"],
	['s', 'the summary of the last run or rollback'],
	['d', 'the downtime forecast: each step from stop-old to enable-ha, its range and its basis'],
	['w', 'wrap long log lines, or cut them (enter still shows a line whole)'],
	['b', 'mount binds: old vs new per node'],
	['h', "what HA does after the upgrade (the guide's table)"],
	['?', 'this help'],
	['tab', 'move focus between steps and log'],
	['j/k ↑/↓', 'select a step, or scroll the log when it has focus; scroll any view'],
	['PgUp/PgDn', 'ten at a time; g/G top and end of a view'],
	['f', 'follow the log (pauses when you scroll)'],
	['/', 'filter the log; enter keeps it, esc clears it'],
	['esc', 'close or cancel; never starts anything'],
	['q, Ctrl-C', 'quit (asks while a step runs; the journal keeps the state); at a question, Ctrl-C is No'],
];

/** Every sign the panel draws; each comes with a word, so no state depends on colour. */
const legendLines: ReadonlyArray<readonly [string, string]> = [
	['○ pending', 'not run yet'],
	['◜ running', 'running now (◜ ◠ ◝ ◞ ◡ ◟ turning), with its time so far'],
	['✓ done', 'finished; also: image staged, init ran, ssh connected'],
	['✗ FAILED', 'failed; the log (enter on the line) says why and what to do'],
	['– skipped', 'not needed (done earlier in this attempt, or nothing to do)'],
	['! interrupted', 'stopped by q, Ctrl-C or a lost session; runs again from here'],
	['⊘ refused', 'its preconditions do not hold; the reason says which'],
	['▸', 'the selected step (its log is shown), the log line enter opens, the node [ ] picked'],
	['→', 'the step enter runs next'],
	['◂', 'the part that has the focus (tab)'],
	['init peer', "docker_init.sh runs once per region, on its first node; this node's peer runs it"],
	['heartbeat Ns stale', 'the last heartbeat is older than the stop (T1): the old OMS wrote it'],
	['ONLINE? no container up', 'the MetaDB still says ONLINE, but no OMS container runs on the node'],
	['… ssh: connecting', 'the console opened and has not reached the node over SSH yet'],
	['◐ ssh: reconnecting', "the node's SSH connection is being re-established; ✗ ssh: lost, it failed"],
	['= ≠ (binds)', 'a mount carried over exactly / different in the new container'],
];

/** Keys, signs, and where the run's files are. */
export function helpView(workdir: string, logFile: string | null): ViewLine[] {
	const pair = ([left, right]: readonly [string, string], width: number): ViewLine => ({
		text: `${left.padEnd(width)} ${right}`,
		indent: width + 1,
	});
	return [
		...helpLines.map(line => pair(line, 10)),
		{text: ''},
		{text: 'Signs', bold: true},
		...legendLines.map(line => pair(line, 24)),
		{text: ''},
		{text: 'Files', bold: true},
		{text: `run log  ${logFile ?? `${workdir}/logs/<attempt>/<run>.log (none yet from this console)`}`, indent: 9},
		{text: `report   ${workdir}/report.json`, indent: 9},
		{text: `journal  ${workdir}/journal.json`, indent: 9},
	];
}

import type {CliArgs} from '../cli-args.js';
import {liveWiring, type AppWiring} from '../app/wiring.js';
import type {Journal} from '../domain/journal-types.js';
import {stateWords} from '../engine/attempt-state.js';
import {haStateWords} from '../engine/ha-state.js';
import {alreadyUpgraded} from '../engine/already-upgraded.js';
import {healthVerdict, problemText} from '../engine/health-gate.js';
import {attemptDowntimeSeconds, rollbackDowntimeSeconds} from '../domain/downtime.js';
import {formatDuration} from '../domain/format.js';
import {beatBeforeT1} from '../domain/node-health.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import type {Output} from './output.js';

const glyphs = {pending: '○', running: '…', succeeded: '✓', failed: '✗', skipped: '–', interrupted: '!'} as const;

/** What status says when it could not read every node, where the others point at status. */
const notEveryNode = '(not every node answered)';

/** `status`: where the journal stands, and how every node looks right now. Changes nothing. */
export async function statusCommand(args: CliArgs, out: Output, wiring: AppWiring = liveWiring): Promise<number> {
	const plan = await wiring.loadPlan(args.config);
	const journal = await wiring.readJournal(plan);
	const discovery = await wiring.discover(plan);
	// A node whose engine did not answer says nothing of its containers: "unknown", never "missing".
	const nodes = discovery.nodes.map(facts => ({
		host: facts.node.host,
		oldContainer: {
			name: facts.node.container,
			state: facts.container?.status ?? (facts.containersRead ? 'missing' : 'unknown'),
		},
		newContainer: {
			name: facts.node.newContainer,
			state: facts.newContainer?.status ?? (facts.containersRead ? 'absent' : 'unknown'),
			image: facts.newContainer?.image ?? null,
		},
		hostStatus: discovery.meta?.hosts.find(row => row.ip === facts.node.host)?.status ?? null,
		heartbeatAgeSec: discovery.meta?.heartbeatAgeSec[facts.node.host] ?? null,
		problem: facts.problems[0] ?? null,
	}));
	// What runs now, as this status read it: a step cut short is judged on it, not said to be unreadable. Only when
	// every node's containers were read (a node unread says nothing of its OMS).
	const live = discovery.nodes.every(facts => facts.containersRead)
		? {
				nodes: discovery.nodes.map(facts => ({
					host: facts.node.host,
					old: facts.container,
					fresh: facts.newContainer,
					kept: [],
				})),
			}
		: undefined;
	// After an upgrade, the same verdict as `check`'s health gate.
	const upgraded = alreadyUpgraded(discovery, journal) !== undefined;
	const steps = journal
		? [...upgradeSteps, ...rollbackSteps].flatMap(step => {
				const record = journal.steps[step.id];
				return record ? [{id: step.id, ...record}] : [];
			})
		: [];
	if (args.json) {
		out.line(
			JSON.stringify(
				{
					plan: plan.name,
					workdir: plan.workdir,
					journal: journal ? summary(journal, await wiring.lockState(plan)) : null,
					ha: haStateWords(journal, discovery.meta?.haConfig),
					now: stateWords(journal, new Date(), live, discovery.meta?.haConfig, notEveryNode) ?? null,
					health: upgraded ? healthVerdict(discovery, journal) : null,
					steps,
					nodes,
					metadbError: discovery.metaError ?? null,
				},
				null,
				2,
			),
		);
		return 0;
	}
	out.line(`Plan ${plan.name}: workdir ${plan.workdir}`);
	if (!journal)
		out.line('No attempt open: this plan has not been run, or its last attempt was rolled back (see report.json).');
	else {
		const info = summary(journal, await wiring.lockState(plan));
		out.line(`Attempt ${journal.attempt}: ${info.from ?? '?'} → ${info.to}; last run ${info.lastRun ?? 'none'}`);
		out.line(
			`  T1 ${journal.t1 ?? '-'}, T2 ${journal.t2 ?? '-'}${info.downtimeSec === null ? '' : `, downtime ${formatDuration(info.downtimeSec)}`}`,
		);
		for (const step of steps) {
			out.line(
				`  ${glyphs[step.status]} ${step.id.padEnd(15)} ${step.status.padEnd(11)} ${step.reason ?? ''}`.trimEnd(),
			);
			for (const [node, sub] of Object.entries(step.nodes))
				out.line(
					`      ${glyphs[sub.status]} ${node.padEnd(11)} ${sub.status.padEnd(11)} ${sub.reason ?? ''}`.trimEnd(),
				);
		}
	}
	out.line(`HA: ${haStateWords(journal, discovery.meta?.haConfig)}`);
	// status is where "`oms-upgrade status` shows it" points: here it says why it could not.
	const left = stateWords(journal, new Date(), live, discovery.meta?.haConfig, notEveryNode);
	if (left) out.line(`Now: ${left}`);
	if (journal?.versionFixWrittenAt)
		out.line(
			`oms_version fix: written at ${journal.versionFixWrittenAt} (row ${journal.from ?? '?'}); it is in the dumps, so a rollback keeps it`,
		);
	if (upgraded) {
		const verdict = healthVerdict(discovery, journal);
		out.line(
			verdict.healthy
				? `Health: healthy (${verdict.checks.length} checks pass; \`oms-upgrade check\` exits 0)`
				: 'Health: NOT healthy (`oms-upgrade check` exits 3):',
		);
		for (const problem of verdict.problems) out.line(`  ✗ ${problemText(problem)}`);
	}
	out.line('Nodes now:');
	for (const node of nodes) {
		// A stopped cluster leaves its rows ONLINE and its last heartbeats in place: say so, as the console does.
		const sinceT1Sec =
			journal?.t1 && !journal.t2 ? Math.round((Date.now() - new Date(journal.t1).getTime()) / 1000) : null;
		const up = node.oldContainer.state === 'running' || node.newContainer.state === 'running';
		const known = node.oldContainer.state !== 'unknown';
		const status = node.hostStatus === 'ONLINE' && known && !up ? 'ONLINE? no container up' : node.hostStatus;
		const beat =
			node.heartbeatAgeSec === null
				? 'none'
				: `${node.heartbeatAgeSec}s ago${beatBeforeT1(node.heartbeatAgeSec, sinceT1Sec) ? ' (before T1: the old OMS wrote it)' : ''}`;
		const health = status ? `${status}, heartbeat ${beat}` : 'MetaDB status unknown';
		out.line(
			`  ${node.host.padEnd(10)} old ${node.oldContainer.name} ${node.oldContainer.state} · new ${node.newContainer.name} ${node.newContainer.state} · ${health}${node.problem ? ` · ${node.problem}` : ''}`,
		);
	}
	if (discovery.metaError) out.line(`MetaDB: ${discovery.metaError}`);
	return 0;
}

/** `lock`: whether the run the journal says is running still lives (the wiring's `lockState`). */
function summary(journal: Journal, lock: Awaited<ReturnType<AppWiring['lockState']>>) {
	const last = journal.runs.at(-1);
	// A run killed with -9 leaves `running` in the journal: its lock says whether its process is still there.
	const gone = last?.outcome === 'running' && (lock === 'gone' || lock === 'none');
	const outcome = gone
		? 'ended without finishing (its process is gone: killed or crashed); running again resumes'
		: last?.outcome;
	return {
		from: journal.from,
		to: journal.to,
		t1: journal.t1,
		t2: journal.t2,
		t3: journal.t3,
		attempt: journal.attempt,
		t4: journal.t4,
		downtimeSec: attemptDowntimeSeconds(journal, Date.now()),
		rollbackDowntimeSec: rollbackDowntimeSeconds(journal, Date.now()),
		lastRun: last
			? `${last.id} ${outcome}${last.detail ? (outcome && last.detail.startsWith(`${outcome}:`) ? last.detail.slice(outcome.length) : `: ${last.detail}`) : ''}`
			: null,
	};
}

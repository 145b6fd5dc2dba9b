import type {Discovery} from '../config/discover-cluster.js';
import {ofAttempt} from '../domain/attempt-label.js';
import {haMatches, parseHaConfig} from '../domain/ha-config.js';
import type {Journal} from '../domain/journal-types.js';
import {freshHeartbeatSec} from '../domain/node-health.js';
import {compareVersions, formatVersion, parseVersion, versionFromImage} from '../domain/versions.js';

/** One thing wrong with an upgraded cluster: on a node, or on the cluster (the MetaDB's rows). */
type HealthProblem = {readonly node: string | null; readonly what: string};

/** The answer to "is the upgraded cluster healthy now?": each check in words, and what is wrong. */
export type HealthVerdict = {
	readonly healthy: boolean;
	readonly checks: readonly string[];
	readonly problems: readonly HealthProblem[];
};

/**
 * After an upgrade, `check` and `status` answer one question: is it healthy now? From what discovery has
 * just read (every node's containers and the MetaDB), against the attempt's journal:
 * - every node reachable, its new container (this attempt's, where there is one) running on the target;
 * - every node ONLINE in cm.host with a heartbeat at most 30 s old;
 * - rm.oms_version at the target;
 * - ha.config as the attempt left it (its enable-ha, or as found when HA was off before).
 */
export function healthVerdict(discovery: Discovery, journal: Journal | undefined): HealthVerdict {
	const {plan, meta} = discovery;
	const target = plan.target.version;
	const checks: string[] = [];
	const problems: HealthProblem[] = [];
	const problem = (node: string | null, what: string) => problems.push({node, what});
	const targetVersion = parseVersion(target);
	for (const facts of discovery.nodes) {
		const host = facts.node.host;
		if (!facts.containersRead) {
			problem(host, `cannot be reached: ${facts.problems[0] ?? 'its Docker engine did not answer'}`);
			continue;
		}
		// An attempt's node runs the container it created; a cluster upgraded without an open attempt runs either name.
		const running = [facts.newContainer, facts.container].find(container => container?.running);
		const fresh = facts.newContainer;
		if (journal && !(fresh?.running && ofAttempt(fresh, journal.attempt))) {
			problem(
				host,
				`this attempt's new container ${facts.node.newContainer} is ${fresh ? `${fresh.status}${ofAttempt(fresh, journal.attempt) ? '' : ', not of this attempt'}` : 'absent'}`,
			);
			continue;
		}
		if (!running) {
			problem(
				host,
				`no OMS container runs (${facts.node.newContainer}: ${fresh?.status ?? 'absent'}, ${facts.node.container}: ${facts.container?.status ?? 'absent'})`,
			);
			continue;
		}
		const version = versionFromImage(running.image);
		if (!version || !targetVersion || compareVersions(version, targetVersion) !== 0) {
			problem(host, `${running.name} runs ${running.image}, not the target ${target}`);
			continue;
		}
		checks.push(`${host}: ${running.name} runs ${running.image}`);
	}
	if (!meta) problem(null, `the MetaDB cannot be read: ${discovery.metaError ?? 'unknown'}`);
	else {
		for (const facts of discovery.nodes) {
			const host = facts.node.host;
			const status = meta.hosts.find(row => row.ip === host)?.status ?? 'NOT REGISTERED';
			const age = meta.heartbeatAgeSec[host];
			if (status !== 'ONLINE') problem(host, `is ${status} in cm.host`);
			else if (age === undefined) problem(host, 'is ONLINE in cm.host but has no supervisor heartbeat');
			else if (age > freshHeartbeatSec)
				problem(
					host,
					`is ONLINE in cm.host, but its last heartbeat is ${age}s old (silent for more than ${freshHeartbeatSec}s)`,
				);
			else checks.push(`${host}: ONLINE, heartbeat ${age}s old`);
		}
		const recorded = (meta.versions ?? []).map(text => parseVersion(text)).filter(version => version !== undefined);
		const highest = recorded.sort(compareVersions).at(-1);
		if (!highest || !targetVersion || compareVersions(highest, targetVersion) !== 0)
			problem(
				null,
				`rm.oms_version records ${highest ? formatVersion(highest) : 'no version'}, not the target ${target}`,
			);
		else checks.push(`rm.oms_version: ${formatVersion(highest)}`);
		const left = journal ? (journal.haAfter ?? journal.haFound) : undefined;
		if (left !== undefined && left !== null) {
			const now = meta.haConfig === undefined ? undefined : parseHaConfig(meta.haConfig);
			const wanted = parseHaConfig(left);
			if (!now || !wanted || !haMatches(now, wanted))
				problem(null, `ha.config is ${meta.haConfig ?? 'absent'}, not what this attempt left (${left})`);
			else checks.push(`ha.config: as this attempt left it (${left})`);
		} else checks.push('ha.config: not compared (no attempt open records what it should be)');
	}
	return {healthy: problems.length === 0, checks, problems};
}

/** A problem in one line: `node 10.0.0.2: …` or `cluster: …`. */
export function problemText(problem: HealthProblem): string {
	return `${problem.node ? `node ${problem.node}` : 'cluster'}: ${problem.what}`;
}

import type {Discovery} from '../config/discover-cluster.js';
import type {Journal} from '../engine/journal.js';
import {checkCatalog, fail, warn, type CheckResult} from './checks/check-types.js';
import {clientsCheck, diskCheck, imageChecks, versionCheck} from './checks/local-checks.js';
import {metadbChecks} from './checks/metadb-checks.js';
import {nodeChecks} from './checks/node-checks.js';

export const checkTitles = checkCatalog.map(check => check.title);

/** What an earlier run of this plan already did, so a resumed preflight does not fail on its own work. */
export type ResumeFacts = {
	/** stop-old has started: old containers may be stopped and nodes not ONLINE. */
	readonly oldStopped: boolean;
	/** Containers this upgrade created, by node: their names are not "taken". */
	readonly createdIds: Readonly<Record<string, string | null>>;
	/** The source version recorded when the upgrade began (init rewrites rm.oms_version). */
	readonly from: string | null;
};

export function resumeFacts(journal: Journal | undefined): ResumeFacts | undefined {
	const started = Object.entries(journal?.steps ?? {}).some(([id, record]) => id !== 'preflight' && record?.status !== 'pending');
	if (!journal || !started) return undefined;
	const stop = journal.steps['stop-old']?.status ?? 'pending';
	return {
		oldStopped: stop !== 'pending' || journal.t1 !== null,
		createdIds: Object.fromEntries(Object.entries(journal.nodes).map(([host, node]) => [host, node.newContainerId])),
		from: journal.from,
	};
}

/** Every preflight check of the plan, read-only, ordered as `checkCatalog` then by node. */
export async function runPreflightChecks(discovery: Discovery, journal?: Journal): Promise<CheckResult[]> {
	const resumed = resumeFacts(journal);
	const nodeResults = discovery.nodes.flatMap(facts => nodeChecks(facts, resumed));
	const configResults: CheckResult[] = [
		...discovery.nodes.flatMap(facts => (facts.engine && facts.container && !facts.config ? [fail('config', facts.node.host, facts.problems.at(-1) ?? 'config.yaml could not be read')] : [])),
		...discovery.findings.map(finding => (finding.severity === 'fail' ? fail : warn)('config', null, finding.message)),
	];
	if (configResults.length === 0) {
		configResults.push({id: 'config', node: null, status: 'pass', reason: `${discovery.regions.length} region(s): ${discovery.regions.map(region => `${region.name} (${region.heartbeatDb}, cm_nodes ${region.cmNodes.join(' ')})`).join('; ')}`});
	}
	const [meta, images, clients] = await Promise.all([metadbChecks(discovery, resumed), imageChecks(discovery), clientsCheck()]);
	const disk = await diskCheck(discovery.plan.workdir, meta.estimatedBytes);
	const all = [...nodeResults, ...configResults, ...meta.results, versionCheck(discovery, resumed), ...images, disk, clients];
	const order = (result: CheckResult) => checkCatalog.findIndex(check => check.id === result.id);
	const nodeOrder = (result: CheckResult) => (result.node === null ? -1 : discovery.plan.nodes.findIndex(node => node.host === result.node));
	return all.sort((a, b) => order(a) - order(b) || nodeOrder(a) - nodeOrder(b));
}

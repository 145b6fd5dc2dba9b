import type {Discovery} from '../config/discover-cluster.js';
import {checkCatalog, fail, warn, type CheckResult} from './checks/check-types.js';
import {clientsCheck, diskCheck, imageChecks, versionCheck} from './checks/local-checks.js';
import {metadbChecks} from './checks/metadb-checks.js';
import {nodeChecks} from './checks/node-checks.js';

export const checkTitles = checkCatalog.map(check => check.title);

/** Every preflight check of the plan, read-only, ordered as `checkCatalog` then by node. */
export async function runPreflightChecks(discovery: Discovery): Promise<CheckResult[]> {
	const nodeResults = discovery.nodes.flatMap(nodeChecks);
	const configResults: CheckResult[] = [
		...discovery.nodes.flatMap(facts => (facts.engine && facts.container && !facts.config ? [fail('config', facts.node.host, facts.problems.at(-1) ?? 'config.yaml could not be read')] : [])),
		...discovery.findings.map(finding => (finding.severity === 'fail' ? fail : warn)('config', null, finding.message)),
	];
	if (configResults.length === 0) {
		configResults.push({id: 'config', node: null, status: 'pass', reason: `${discovery.regions.length} region(s): ${discovery.regions.map(region => `${region.name} (${region.heartbeatDb}, cm_nodes ${region.cmNodes.join(' ')})`).join('; ')}`});
	}
	const [meta, images, clients] = await Promise.all([metadbChecks(discovery), imageChecks(discovery), clientsCheck()]);
	const disk = await diskCheck(discovery.plan.workdir, meta.estimatedBytes);
	const all = [...nodeResults, ...configResults, ...meta.results, versionCheck(discovery), ...images, disk, clients];
	const order = (result: CheckResult) => checkCatalog.findIndex(check => check.id === result.id);
	const nodeOrder = (result: CheckResult) => (result.node === null ? -1 : discovery.plan.nodes.findIndex(node => node.host === result.node));
	return all.sort((a, b) => order(a) - order(b) || nodeOrder(a) - nodeOrder(b));
}

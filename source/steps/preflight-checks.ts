import type {Discovery} from '../config/discover-cluster.js';
import type {Journal} from '../domain/journal-types.js';
import {hasStarted, isDone} from '../domain/journal.js';
import type {PreflightPort} from '../ports/preflight-port.js';
import {checkCatalog, fail, pass, warn, type CheckResult, type ResumeFacts} from './checks/check-types.js';
import {coverageChecks} from './checks/coverage-checks.js';
import {clientsCheck, diskCheck, imageChecks, versionCheck} from './checks/local-checks.js';
import {metadbChecks} from './checks/metadb-checks.js';
import {nodeChecks} from './checks/node-checks.js';
import {nodeDiskChecks} from './checks/node-disk-check.js';

/** Resume facts from this plan's open attempt; undefined when it has done nothing but preflight. */
export function resumeFacts(journal: Journal | undefined): ResumeFacts | undefined {
	const started = Object.entries(journal?.steps ?? {}).some(
		([id, record]) => id !== 'preflight' && record?.status !== 'pending',
	);
	if (!journal || !started) return undefined;
	return {
		attempt: journal.attempt,
		oldStopped: hasStarted(journal, 'stop-old') || journal.t1 !== null,
		from: journal.from,
		backedUp: isDone(journal, 'backup'),
		staged: isDone(journal, 'stage-image'),
	};
}

/** Every preflight check of the plan, read-only, ordered as `checkCatalog` then by node. */
export async function runPreflightChecks(
	discovery: Discovery,
	port: PreflightPort,
	resumed?: ResumeFacts,
): Promise<CheckResult[]> {
	const nodeResults = discovery.nodes.flatMap(facts => nodeChecks(facts, resumed));
	const configResults: CheckResult[] = [
		...discovery.nodes.flatMap(facts =>
			facts.config
				? []
				: facts.engine && facts.container
					? [fail('config', facts.node.host, facts.problems.at(-1) ?? 'config.yaml could not be read')]
					: // Its own failure (engine, old container) says why; unread, it cannot count as consistent.
						[
							warn(
								'config',
								facts.node.host,
								facts.engine
									? `not checked: no old container ${facts.node.container} to read its config.yaml from`
									: 'not checked: Docker unreachable, config.yaml not read',
							),
						],
		),
		...discovery.findings.map(finding => (finding.severity === 'fail' ? fail : warn)('config', null, finding.message)),
	];
	if (configResults.length === 0) {
		configResults.push({
			id: 'config',
			node: null,
			status: 'pass',
			reason: `${discovery.regions.length} region(s): ${discovery.regions.map(region => `${region.name} (${region.heartbeatDb}, cm_nodes ${region.cmNodes.join(' ')})`).join('; ')}`,
		});
	}
	const [meta, images, clients] = await Promise.all([
		metadbChecks(discovery, port, resumed),
		imageChecks(discovery, port),
		clientsCheck(port),
	]);
	// The package was read by the image check (the adapter keeps what it found); unreadable, the image check fails.
	const {package: file} = discovery.plan.target;
	const unpacked = file
		? await port.inspectPackage(file).then(
				contents => contents.unpackedBytes,
				() => undefined,
			)
		: undefined;
	const nodeDisk = await nodeDiskChecks(discovery, unpacked, resumed);
	const disk = resumed?.backedUp
		? pass('disk', null, 'this attempt has taken its dumps already')
		: await diskCheck(discovery.plan.workdir, meta.estimatedBytes, port);
	const all = [
		...nodeResults,
		...configResults,
		...meta.results,
		versionCheck(discovery, resumed),
		...images,
		...nodeDisk,
		disk,
		clients,
		...coverageChecks(discovery),
	];
	const order = (result: CheckResult) => checkCatalog.findIndex(check => check.id === result.id);
	const nodeOrder = (result: CheckResult) =>
		result.node === null ? -1 : discovery.plan.nodes.findIndex(node => node.host === result.node);
	return all.sort((a, b) => order(a) - order(b) || nodeOrder(a) - nodeOrder(b));
}

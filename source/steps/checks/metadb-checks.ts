import type {Discovery} from '../../config/discover-cluster.js';
import {describeError} from '../../domain/errors.js';
import {haOffLines} from '../../domain/ha-behaviour.js';
import {parseHaConfig} from '../../domain/ha-config.js';
import {sql} from '../../domain/sql.js';
import type {MetadbSession} from '../../ports/metadb-port.js';
import type {PreflightPort} from '../../ports/preflight-port.js';
import {fail, notChecked, pass, warn, type CheckResult, type ResumeFacts} from './check-types.js';
import {privilegeCheck, readGrants} from './privilege-check.js';

/** Checks that ask the MetaDB: privileges, databases, ha.config, host status. Returns the dump size estimate too. */
export async function metadbChecks(
	discovery: Discovery,
	port: PreflightPort,
	resumed?: ResumeFacts,
): Promise<{results: CheckResult[]; estimatedBytes: number | undefined}> {
	const {meta, metadbTarget: target, rmDb, cmDb} = discovery;
	if (!target || !meta || !rmDb || !cmDb) {
		return {
			results: [fail('metadb', null, discovery.metaError ?? 'the MetaDB could not be reached.')],
			estimatedBytes: undefined,
		};
	}
	const databases = [rmDb, cmDb, ...discovery.regions.map(region => region.heartbeatDb)];
	const results: CheckResult[] = [];
	let estimatedBytes: number | undefined;
	let metadb: MetadbSession | undefined;
	try {
		metadb = await port.connectMetadb(target);
		results.push(privilegeCheck(await readGrants(metadb), target, databases));
		const sizes = await metadb.query<{name: string; bytes: number}>(sql.databaseBytes());
		estimatedBytes = sizes.filter(row => databases.includes(row.name)).reduce((sum, row) => sum + Number(row.bytes), 0);
	} catch (error) {
		results.push(fail('metadb', null, describeError(error)));
	} finally {
		await metadb?.close();
	}
	const absent = databases.filter(database => !meta.databases.includes(database));
	results.push(
		absent.length === 0
			? pass('databases', null, databases.join(', '))
			: fail(
					'databases',
					null,
					`database ${absent.join(', ')} does not exist on the MetaDB; check drc_*_db in config.yaml against the MetaDB.`,
				),
	);
	results.push(haCheck(meta.haConfig, rmDb, resumed));
	results.push(
		...(resumed?.oldStopped
			? [
					notChecked(
						'online',
						null,
						'this upgrade has stopped the old containers (resumed); verify checks the new ones',
					),
				]
			: onlineChecks(discovery, meta)),
	);
	return {results, estimatedBytes};
}

function haCheck(raw: string | undefined, rm: string, resumed: ResumeFacts | undefined): CheckResult {
	if (raw === undefined)
		return fail(
			'ha-config',
			null,
			`${rm}.oms_normal_config has no ha.config row; the tool cannot disable HA. Check the rm database name.`,
		);
	const parsed = parseHaConfig(raw);
	if (!parsed)
		return fail(
			'ha-config',
			null,
			`ha.config is not a JSON object (${raw.slice(0, 60)}); fix it in the OMS console first.`,
		);
	const summary = `enable=${String(parsed.enable ?? false)}, ${Object.keys(parsed).length} keys`;
	if (parsed.enable !== true && !resumed) {
		return warn(
			'ha-config',
			null,
			`${summary}: HA is off and stays off after the upgrade (enable-ha leaves it as found). While HA is off: ${haOffLines()
				.map(line => line.trim())
				.join(' ')}`,
		);
	}
	return pass(
		'ha-config',
		null,
		resumed && parsed.enable !== true ? `${summary} (this attempt's disable-ha may have turned it off)` : summary,
	);
}

function onlineChecks(discovery: Discovery, meta: NonNullable<Discovery['meta']>): CheckResult[] {
	return discovery.plan.nodes.map(node => {
		const status = meta.hosts.find(row => row.ip === node.host)?.status;
		const age = meta.heartbeatAgeSec[node.host];
		if (status === undefined)
			return fail(
				'online',
				node.host,
				`${node.host} is not registered in ${discovery.cmDb}.host; check OMS_HOST_IP and cm_nodes.`,
			);
		if (status !== 'ONLINE') {
			return fail(
				'online',
				node.host,
				`${node.host} is ${status} in ${discovery.cmDb}.host; bring it Online first (supervisorctl status in the container, MetaDB reachability).`,
			);
		}
		if (age === undefined || age > 60)
			return warn(
				'online',
				node.host,
				`ONLINE, but the last supervisor heartbeat is ${age === undefined ? 'missing' : `${age}s old`}`,
			);
		return pass('online', node.host, `ONLINE, heartbeat ${age}s ago`);
	});
}

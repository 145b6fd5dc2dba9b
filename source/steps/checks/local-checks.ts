import type {Discovery} from '../../config/discover-cluster.js';
import {describeError} from '../../domain/errors.js';
import {formatBytes} from '../../domain/format.js';
import {normalizeReference} from '../../domain/image-reference.js';
import type {PreflightPort} from '../../ports/preflight-port.js';
import {acceptedSources, parseVersion} from '../../domain/versions.js';
import {versionRefusal, versionRowMissing} from '../version-fix.js';
import {fail, pass, warn, type CheckResult, type ResumeFacts} from './check-types.js';

/** Why neither rm.oms_version nor an image tag gave the source version, as far as each was read. */
function unknownSource(discovery: Discovery): string {
	const versions = discovery.meta?.versions;
	const table = !discovery.meta
		? `the MetaDB could not be read${discovery.metaError ? ` (${discovery.metaError})` : ''}, so rm.oms_version was not`
		: versions === undefined
			? 'rm.oms_version could not be read (no such table, or no SELECT on it)'
			: versions.length === 0
				? 'rm.oms_version has no row'
				: `rm.oms_version holds no version this tool reads (${versions.join(', ')})`;
	const tags = discovery.nodes.some(facts => facts.container)
		? 'the image tag has no version'
		: 'no old container was found to read an image tag from';
	return `${table}, and ${tags}`;
}

export function versionCheck(discovery: Discovery, resumed?: ResumeFacts): CheckResult {
	const target = discovery.plan.target.version;
	const source = resumed?.from ? {version: resumed.from, origin: 'the journal (resumed)'} : discovery.sourceVersion;
	if (!source) return fail('version', null, `the source version is unknown: ${unknownSource(discovery)}.`);
	const parsed = parseVersion(target);
	const accepted = parsed && acceptedSources(parsed);
	if (!accepted) return fail('version', null, `this tool knows no documented upgrade path to ${target}.`);
	if (!accepted.includes(source.version)) {
		const range = `${target} accepts ${accepted[0]} to ${accepted.at(-1)}`;
		return fail(
			'version',
			null,
			`${source.version} (from ${source.origin}) cannot be upgraded to ${target}; ${range}. Upgrade through an intermediate version first.`,
		);
	}
	if (!resumed && versionRowMissing(discovery)) {
		const offer = `\`run\` offers the guide's fix (record ${source.version} in oms_version) before anything stops`;
		const problem = `rm.oms_version has no row of 4.1.1 or later: docker_init.sh would refuse ("${versionRefusal}")`;
		return warn('version', null, `${source.version} (from ${source.origin}) → ${target}, but ${problem}. ${offer}.`);
	}
	return pass('version', null, `${source.version} (from ${source.origin}) → ${target}`);
}

/** The package must hold target.image; without a package, every node must already have it. */
export async function imageChecks(discovery: Discovery, port: PreflightPort): Promise<CheckResult[]> {
	const {image, package: file} = discovery.plan.target;
	if (file) {
		try {
			const contents = await port.inspectPackage(file);
			return contents.repoTags.includes(normalizeReference(image))
				? [pass('image', null, `${file} (${formatBytes(contents.bytes)}) holds ${image}`)]
				: [
						fail(
							'image',
							null,
							`${file} holds ${contents.repoTags.join(', ') || 'no tagged image'}, not ${image}; fix target.image or target.package.`,
						),
					];
		} catch (error) {
			return [fail('image', null, `cannot read ${file} as a docker-save archive: ${describeError(error)}`)];
		}
	}
	return Promise.all(
		discovery.nodes.map(async facts => {
			if (!facts.engine) return fail('image', facts.node.host, 'Docker unreachable');
			let found;
			try {
				found = await facts.engine.inspectImage(image);
			} catch (error) {
				return fail('image', facts.node.host, `cannot tell whether ${image} is there: ${describeError(error)}`);
			}
			if (found) return pass('image', facts.node.host, `${image} present (${found.id.slice(0, 19)})`);
			return fail(
				'image',
				facts.node.host,
				`${image} is not on ${facts.node.host} and the plan has no target.package; add the package or docker load it there.`,
			);
		}),
	);
}

export async function diskCheck(
	workdir: string,
	estimatedBytes: number | undefined,
	port: PreflightPort,
): Promise<CheckResult> {
	if (estimatedBytes === undefined)
		return warn('disk', null, 'the dump size could not be estimated (MetaDB unreachable)');
	const space = await port.workdirSpace(workdir);
	if ('problem' in space)
		return fail(
			'disk',
			null,
			`the workdir ${workdir} cannot be used (${space.problem}); set workdir to a directory this user can create.`,
		);
	const {directory, freeBytes: free} = space;
	const needed = Math.ceil(estimatedBytes * 1.5);
	const reason = `${formatBytes(free)} free at ${directory}; dumps estimated at ${formatBytes(estimatedBytes)} (information_schema)`;
	if (free < needed) return fail('disk', null, `${reason}: not enough; free space or set workdir elsewhere.`);
	if (free < needed * 2) return warn('disk', null, `${reason}: tight`);
	return pass('disk', null, reason);
}

export async function clientsCheck(port: PreflightPort): Promise<CheckResult> {
	let dump, mysql;
	try {
		({dump, mysql} = await port.clients());
	} catch (error) {
		return fail('clients', null, describeError(error));
	}
	if (!dump || !mysql) {
		const missing = [!dump && 'mysqldump', !mysql && 'mysql'].filter(Boolean).join(' and ');
		return fail(
			'clients',
			null,
			`${missing} not found on this machine; install the MySQL or MariaDB client package (e.g. apt-get install mariadb-client).`,
		);
	}
	return pass('clients', null, `${dump.version}; ${mysql.version}`);
}

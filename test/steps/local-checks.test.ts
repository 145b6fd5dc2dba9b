import {describe, expect, it} from 'vitest';
import type {Discovery} from '../../source/config/discover-cluster.js';
import {ExternalError} from '../../source/domain/errors.js';
import {livePreflight} from '../../source/adapters/preflight-ports.js';
import {diskCheck, imageChecks, versionCheck} from '../../source/steps/checks/local-checks.js';

const image = 'oms:4.2.6';

/** A discovery of one node whose engine answers `inspectImage` with `inspect`. */
function discoveryWith(inspect: () => Promise<{id: string; repoTags: string[]} | undefined>): Discovery {
	return {
		plan: {target: {image, package: undefined}},
		nodes: [{node: {host: '10.0.0.1'}, engine: {inspectImage: inspect}}],
	} as unknown as Discovery;
}

describe('the image check without a package', () => {
	it('passes when the node has the image', async () => {
		const [result] = await imageChecks(
			discoveryWith(async () => ({id: 'sha256:0123456789abcdef0123456789', repoTags: [image]})),
			livePreflight,
		);
		expect(result).toEqual({
			id: 'image',
			node: '10.0.0.1',
			status: 'pass',
			reason: 'oms:4.2.6 present (sha256:0123456789ab)',
		});
	});

	it('fails as absent when the engine says 404', async () => {
		const [result] = await imageChecks(
			discoveryWith(async () => undefined),
			livePreflight,
		);
		expect(result?.reason).toBe(
			'oms:4.2.6 is not on 10.0.0.1 and the plan has no target.package; add the package or docker load it there.',
		);
	});

	it('names an engine failure as what it is, not as a missing image', async () => {
		const refused = new ExternalError(
			'node 10.0.0.1: cannot inspect image oms:4.2.6 on Docker at unix:///var/run/docker.sock: permission denied.',
			{
				hint: 'Check that the engine runs and that this machine can reach it (docker -H <endpoint> info).',
			},
		);
		const [result] = await imageChecks(
			discoveryWith(async () => {
				throw refused;
			}),
			livePreflight,
		);
		expect(result).toEqual({
			id: 'image',
			node: '10.0.0.1',
			status: 'fail',
			reason:
				'cannot tell whether oms:4.2.6 is there: node 10.0.0.1: cannot inspect image oms:4.2.6 on Docker at unix:///var/run/docker.sock: permission denied. Check that the engine runs and that this machine can reach it (docker -H <endpoint> info).',
		});
	});
});

describe('the disk check', () => {
	it('measures the nearest existing directory of a workdir not created yet', async () => {
		const result = await diskCheck('/tmp/oms-upgrade-no-such-dir/workdir', 1024, livePreflight);
		expect(result.status).toBe('pass');
		expect(result.reason).toMatch(/ free at \/tmp; dumps estimated at 1\.0 KiB/);
	});

	it('fails, naming why, when the workdir cannot exist (a path through a file), instead of measuring the file', async () => {
		const result = await diskCheck('/etc/hostname/workdir', 1024, livePreflight);
		expect(result).toEqual({
			id: 'disk',
			node: null,
			status: 'fail',
			reason:
				'the workdir /etc/hostname/workdir cannot be used (ENOTDIR); set workdir to a directory this user can create.',
		});
	});
});

describe('the version check when no source version was found', () => {
	const unknown = (meta: unknown, metaError?: string) =>
		({
			plan: {target: {version: '4.2.9-CE'}},
			nodes: [{node: {host: '10.0.0.1'}, container: {image: 'oms:latest'}}],
			meta,
			metaError,
			sourceVersion: undefined,
		}) as unknown as Discovery;

	it.each([
		[{versions: []}, undefined, 'rm.oms_version has no row, and the image tag has no version'],
		[{versions: undefined}, undefined, 'rm.oms_version could not be read (no such table, or no SELECT on it)'],
		[{versions: ['x.y']}, undefined, 'rm.oms_version holds no version this tool reads (x.y)'],
		[undefined, 'connect ETIMEDOUT', 'the MetaDB could not be read (connect ETIMEDOUT), so rm.oms_version was not'],
	])('says what was read: %j', (meta, metaError, words) => {
		const result = versionCheck(unknown(meta, metaError));
		expect(result.status).toBe('fail');
		expect(result.reason).toContain(words);
		// "no row" only when the table was read and was empty.
		expect(result.reason.includes('no row')).toBe(meta?.versions?.length === 0);
	});
});

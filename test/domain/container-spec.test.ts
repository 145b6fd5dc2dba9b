import {describe, expect, it} from 'vitest';
import {dockerRunEquivalent, newContainerSpec, type OldContainerFacts} from '../../source/domain/container-spec.js';

const oldBinds = [
	'/data/oms/config.yaml:/home/admin/conf/config.yaml',
	'/data/oms/logs:/home/admin/logs',
	'/data/oms/store:/home/ds/store:rw',
	'/data/oms/run:/home/ds/run',
];

function spec(old: OldContainerFacts, https?: {cert: string; key: string}) {
	return newContainerSpec({
		name: 'oms_428_429',
		image: 'oms:feature_4.2.9-ce',
		host: '10.0.0.2',
		old,
		https,
		upgradeFrom: '4.2.8-CE',
	});
}

describe('newContainerSpec', () => {
	it('copies the old binds exactly and the privileged flag when true', () => {
		const result = spec({binds: oldBinds, privileged: true});
		expect(result.HostConfig.Binds).toEqual(oldBinds);
		expect(result.HostConfig.Privileged).toBe(true);
	});

	it('copies the privileged flag when false', () => {
		expect(spec({binds: oldBinds, privileged: false}).HostConfig.Privileged).toBe(false);
	});

	it('sets the whole create body', () => {
		expect(spec({binds: oldBinds, privileged: false})).toEqual({
			name: 'oms_428_429',
			Image: 'oms:feature_4.2.9-ce',
			Env: ['OMS_HOST_IP=10.0.0.2', 'IS_UPGRADE=true'],
			Tty: true,
			OpenStdin: true,
			Labels: {'oms-upgrade.from': '4.2.8-CE'},
			HostConfig: {
				Binds: oldBinds,
				NetworkMode: 'host',
				Privileged: false,
				PidsLimit: -1,
				Ulimits: [{Name: 'nproc', Soft: 65_535, Hard: 65_535}],
			},
		});
	});

	it('does not carry the old environment over', () => {
		expect(spec({binds: [], privileged: false}).Env).toEqual(['OMS_HOST_IP=10.0.0.2', 'IS_UPGRADE=true']);
	});

	it('replaces old certificate binds with the plan HTTPS files and appends them', () => {
		const withCerts = [
			'/old/server.crt:/etc/pki/nginx/oms_server.crt',
			...oldBinds,
			'/old/server.key:/etc/pki/nginx/oms_server.key:ro',
		];
		expect(
			spec({binds: withCerts, privileged: true}, {cert: '/pki/new.crt', key: '/pki/new.key'}).HostConfig.Binds,
		).toEqual([
			...oldBinds,
			'/pki/new.crt:/etc/pki/nginx/oms_server.crt',
			'/pki/new.key:/etc/pki/nginx/oms_server.key',
		]);
	});

	it('appends the HTTPS binds when the old container had none', () => {
		expect(spec({binds: oldBinds, privileged: true}, {cert: '/pki/a.crt', key: '/pki/a.key'}).HostConfig.Binds).toEqual(
			[...oldBinds, '/pki/a.crt:/etc/pki/nginx/oms_server.crt', '/pki/a.key:/etc/pki/nginx/oms_server.key'],
		);
	});
});

describe('dockerRunEquivalent', () => {
	it('writes the docker run line for a privileged container', () => {
		const result = spec({
			binds: ['/data/logs:/home/admin/logs', '/c.yaml:/home/admin/conf/config.yaml:ro'],
			privileged: true,
		});
		expect(dockerRunEquivalent(result)).toBe(
			'docker run -dit --net host --name oms_428_429 -v /data/logs:/home/admin/logs -v /c.yaml:/home/admin/conf/config.yaml:ro ' +
				'-e OMS_HOST_IP=10.0.0.2 -e IS_UPGRADE=true --privileged=true --pids-limit -1 --ulimit nproc=65535:65535 oms:feature_4.2.9-ce',
		);
	});

	it('leaves out --privileged for an unprivileged container', () => {
		expect(dockerRunEquivalent(spec({binds: ['/d:/home/ds/run'], privileged: false}))).toBe(
			'docker run -dit --net host --name oms_428_429 -v /d:/home/ds/run -e OMS_HOST_IP=10.0.0.2 -e IS_UPGRADE=true ' +
				'--pids-limit -1 --ulimit nproc=65535:65535 oms:feature_4.2.9-ce',
		);
	});
});

import {describe, expect, it} from 'vitest';
import type {Finding} from '../../source/config/discover-cluster.js';
import type {NodeFacts} from '../../source/config/discover-node.js';
import {regionsOf} from '../../source/config/regions.js';
import {parseOmsConfig} from '../../source/domain/oms-config.js';

type Settings = {region: string; location: string; heartbeatDb: string; isDefault: boolean; nodes: readonly string[]};

function configText(settings: Settings, comment = ''): string {
	return `${comment}oms_meta_host: 10.0.0.10
oms_meta_port: 2881
oms_meta_user: root@oms#obcluster
oms_meta_password: secret
drc_rm_db: oms_rm
drc_cm_db: oms_cm
drc_cm_heartbeat_db: ${settings.heartbeatDb}
cm_region: ${settings.region}
cm_location: ${settings.location}
cm_is_default: ${settings.isDefault}
cm_nodes: [${settings.nodes.join(', ')}]
`;
}

/** A node whose config.yaml was read; `text` overrides the generated config.yaml text. */
function node(host: string, settings: Settings, text = configText(settings)): NodeFacts {
	const parsed = parseOmsConfig(text);
	if ('problem' in parsed) throw new Error(parsed.problem);
	return {
		node: {
			host,
			docker: 'unix:///var/run/docker.sock',
			endpoint: {kind: 'unix', socketPath: '/var/run/docker.sock'},
			container: 'oms_428',
			newContainer: 'oms_428_429',
		},
		engine: undefined,
		containersRead: true,
		engineVersion: undefined,
		container: undefined,
		binds: [],
		missingHostPaths: undefined,
		config: parsed.config,
		configText: text,
		newContainer: undefined,
		problems: [],
	};
}

function unreadNode(host: string): NodeFacts {
	return {...node(host, hangzhou), config: undefined, configText: undefined, problems: [`node ${host}: unreachable.`]};
}

const hangzhou: Settings = {
	region: 'cn-hangzhou',
	location: '100',
	heartbeatDb: 'oms_hb_hz',
	isDefault: true,
	nodes: ['10.0.0.2', '10.0.0.3'],
};
const shanghai: Settings = {
	region: 'cn-shanghai',
	location: '200',
	heartbeatDb: 'oms_hb_sh',
	isDefault: false,
	nodes: ['10.0.0.4'],
};

describe('regionsOf', () => {
	it('groups nodes by region without findings for a consistent cluster', () => {
		const findings: Finding[] = [];
		const regions = regionsOf(
			[node('10.0.0.2', hangzhou), node('10.0.0.4', shanghai), node('10.0.0.3', hangzhou)],
			findings,
		);
		expect(regions).toEqual([
			{
				name: 'cn-hangzhou',
				location: '100',
				heartbeatDb: 'oms_hb_hz',
				isDefault: true,
				hosts: ['10.0.0.2', '10.0.0.3'],
				cmNodes: ['10.0.0.2', '10.0.0.3'],
				sameConfig: true,
			},
			{
				name: 'cn-shanghai',
				location: '200',
				heartbeatDb: 'oms_hb_sh',
				isDefault: false,
				hosts: ['10.0.0.4'],
				cmNodes: ['10.0.0.4'],
				sameConfig: true,
			},
		]);
		expect(findings).toEqual([]);
	});

	it('skips nodes whose config.yaml could not be read', () => {
		const findings: Finding[] = [];
		const regions = regionsOf([unreadNode('10.0.0.9'), node('10.0.0.4', {...shanghai, isDefault: true})], findings);
		expect(regions.map(region => region.hosts)).toEqual([['10.0.0.4']]);
		expect(findings).toEqual([]);
	});

	it('returns no regions and no findings when no config was read', () => {
		const findings: Finding[] = [];
		expect(regionsOf([unreadNode('10.0.0.2')], findings)).toEqual([]);
		expect(findings).toEqual([]);
	});

	it('fails two regions that share a heartbeat database, naming both', () => {
		const findings: Finding[] = [];
		regionsOf(
			[
				node('10.0.0.2', hangzhou),
				node('10.0.0.3', hangzhou),
				node('10.0.0.4', {...shanghai, heartbeatDb: 'oms_hb_hz'}),
			],
			findings,
		);
		expect(findings).toEqual([
			{
				severity: 'fail',
				subject: 'regions',
				message:
					'regions cn-hangzhou and cn-shanghai share the heartbeat database oms_hb_hz; each region needs its own drc_cm_heartbeat_db.',
			},
		]);
	});

	it('fails two regions that share cm_location', () => {
		const findings: Finding[] = [];
		regionsOf(
			[node('10.0.0.2', hangzhou), node('10.0.0.3', hangzhou), node('10.0.0.4', {...shanghai, location: '100'})],
			findings,
		);
		expect(findings).toEqual([
			{
				severity: 'fail',
				subject: 'regions',
				message: 'regions cn-hangzhou and cn-shanghai share cm_location 100; it must be unique per region.',
			},
		]);
	});

	it('fails a node that is not in its own cm_nodes, naming the node', () => {
		const findings: Finding[] = [];
		regionsOf([node('10.0.0.2', hangzhou), node('10.0.0.5', hangzhou), node('10.0.0.3', hangzhou)], findings);
		expect(findings).toEqual([
			{
				severity: 'fail',
				subject: 'node 10.0.0.5',
				message:
					"node 10.0.0.5 is not in its own cm_nodes (10.0.0.2, 10.0.0.3) in region cn-hangzhou: OMS would show it Down. Fix cm_nodes in config.yaml or the plan's host.",
			},
		]);
	});

	it('says empty when cm_nodes is an empty list', () => {
		const findings: Finding[] = [];
		regionsOf([node('10.0.0.4', {...shanghai, isDefault: true, nodes: []})], findings);
		expect(findings).toEqual([
			{
				severity: 'fail',
				subject: 'node 10.0.0.4',
				message:
					"node 10.0.0.4 is not in its own cm_nodes (empty) in region cn-shanghai: OMS would show it Down. Fix cm_nodes in config.yaml or the plan's host.",
			},
		]);
	});

	it('fails a cm_location that differs inside a region, naming each node', () => {
		const findings: Finding[] = [];
		const regions = regionsOf([node('10.0.0.2', hangzhou), node('10.0.0.3', {...hangzhou, location: '101'})], findings);
		expect(findings).toEqual([
			{
				severity: 'fail',
				subject: 'region cn-hangzhou',
				message: 'config.yaml cm_location differs inside region cn-hangzhou: 10.0.0.2 has 100; 10.0.0.3 has 101.',
			},
		]);
		expect(regions[0]!.location).toBe('100');
		expect(regions[0]!.sameConfig).toBe(false);
	});

	it('fails a heartbeat database that differs inside a region', () => {
		const findings: Finding[] = [];
		regionsOf([node('10.0.0.2', hangzhou), node('10.0.0.3', {...hangzhou, heartbeatDb: 'oms_hb_other'})], findings);
		expect(findings).toEqual([
			{
				severity: 'fail',
				subject: 'region cn-hangzhou',
				message:
					'config.yaml drc_cm_heartbeat_db differs inside region cn-hangzhou: 10.0.0.2 has oms_hb_hz; 10.0.0.3 has oms_hb_other.',
			},
		]);
	});

	it('has the same config when the files differ only in comments and key order', () => {
		const findings: Finding[] = [];
		const reordered = configText(hangzhou, '# edited by hand\n').split('\n').reverse().join('\n');
		const regions = regionsOf([node('10.0.0.2', hangzhou), node('10.0.0.3', hangzhou, reordered)], findings);
		expect(regions[0]!.sameConfig).toBe(true);
		expect(findings).toEqual([]);
	});

	it('does not have the same config when cm_nodes differ', () => {
		const findings: Finding[] = [];
		const regions = regionsOf(
			[node('10.0.0.2', hangzhou), node('10.0.0.3', {...hangzhou, nodes: ['10.0.0.3', '10.0.0.2']})],
			findings,
		);
		expect(regions[0]!.sameConfig).toBe(false);
		expect(regions[0]!.cmNodes).toEqual(['10.0.0.2', '10.0.0.3']);
		expect(findings).toEqual([]);
	});

	it('warns when no region is the default', () => {
		const findings: Finding[] = [];
		regionsOf(
			[
				node('10.0.0.2', {...hangzhou, isDefault: false}),
				node('10.0.0.3', {...hangzhou, isDefault: false}),
				node('10.0.0.4', shanghai),
			],
			findings,
		);
		expect(findings).toEqual([
			{
				severity: 'warn',
				subject: 'regions',
				message: 'cm_is_default is true in no region; OMS expects exactly one default region.',
			},
		]);
	});

	it('warns when more than one region is the default', () => {
		const findings: Finding[] = [];
		regionsOf(
			[node('10.0.0.2', hangzhou), node('10.0.0.3', hangzhou), node('10.0.0.4', {...shanghai, isDefault: true})],
			findings,
		);
		expect(findings).toEqual([
			{
				severity: 'warn',
				subject: 'regions',
				message: 'cm_is_default is true in regions cn-hangzhou, cn-shanghai; OMS expects exactly one default region.',
			},
		]);
	});

	it('appends to the findings already there', () => {
		const earlier: Finding = {severity: 'warn', subject: 'node 10.0.0.9', message: 'earlier'};
		const findings: Finding[] = [earlier];
		regionsOf([node('10.0.0.4', shanghai)], findings);
		expect(findings).toEqual([
			earlier,
			{
				severity: 'warn',
				subject: 'regions',
				message: 'cm_is_default is true in no region; OMS expects exactly one default region.',
			},
		]);
	});
});

import {describe, expect, it} from 'vitest';
import {canonicalConfig, parseOmsConfig} from '../../source/domain/oms-config.js';

const listConfig = `# OMS config
oms_meta_host: 10.0.0.10
oms_meta_port: 2881
oms_meta_user: root@oms#obcluster
oms_meta_password: 'p@ss:word'
drc_rm_db: oms_rm
drc_cm_db: oms_cm
drc_cm_heartbeat_db: oms_cm_hb
cm_url: http://10.0.0.2:8088
cm_location: 100
cm_region: cn-hangzhou
cm_is_default: true
cm_nodes:
  - 10.0.0.2
  - 10.0.0.3
tsdb_enabled: false
`;

const expectedConfig = {
	metaHost: '10.0.0.10',
	metaPort: 2881,
	metaUser: 'root@oms#obcluster',
	metaPassword: 'p@ss:word',
	rmDb: 'oms_rm',
	cmDb: 'oms_cm',
	heartbeatDb: 'oms_cm_hb',
	region: 'cn-hangzhou',
	location: '100',
	isDefault: true,
	nodes: ['10.0.0.2', '10.0.0.3'],
	cmUrl: 'http://10.0.0.2:8088',
};

const withoutLine = (text: string, key: string) =>
	text
		.split('\n')
		.filter(line => !line.startsWith(`${key}:`))
		.join('\n');

describe('parseOmsConfig', () => {
	it('reads a config with cm_nodes as a YAML list', () => {
		expect(parseOmsConfig(listConfig)).toEqual({config: expectedConfig});
	});

	it('reads cm_nodes as a comma-separated string', () => {
		const text = listConfig.replace('cm_nodes:\n  - 10.0.0.2\n  - 10.0.0.3\n', 'cm_nodes: "10.0.0.2, 10.0.0.3,"\n');
		expect(parseOmsConfig(text)).toEqual({config: expectedConfig});
	});

	it('reads a quoted port, cm_is_default as a string and no cm_url', () => {
		const text = withoutLine(listConfig, 'cm_url')
			.replace('oms_meta_port: 2881', 'oms_meta_port: "2883"')
			.replace('cm_is_default: true', "cm_is_default: 'true'");
		expect(parseOmsConfig(text)).toEqual({config: {...expectedConfig, metaPort: 2883, cmUrl: ''}});
	});

	it('is not default when cm_is_default is false or absent', () => {
		const falseText = listConfig.replace('cm_is_default: true', 'cm_is_default: false');
		const absentText = withoutLine(listConfig, 'cm_is_default');
		expect(parseOmsConfig(falseText)).toEqual({config: {...expectedConfig, isDefault: false}});
		expect(parseOmsConfig(absentText)).toEqual({config: {...expectedConfig, isDefault: false}});
	});

	it('names every missing key, including empty and null ones, in order', () => {
		const text = withoutLine(withoutLine(listConfig, 'oms_meta_password'), 'drc_cm_heartbeat_db')
			.replace('cm_region: cn-hangzhou', 'cm_region: ""')
			.replace('cm_location: 100', 'cm_location: ~');
		expect(parseOmsConfig(text)).toEqual({
			problem: 'config.yaml lacks oms_meta_password, drc_cm_heartbeat_db, cm_region, cm_location',
		});
	});

	it('names cm_nodes when it is missing', () => {
		expect(parseOmsConfig(listConfig.replace('cm_nodes:\n  - 10.0.0.2\n  - 10.0.0.3\n', ''))).toEqual({
			problem: 'config.yaml lacks cm_nodes',
		});
	});

	it.each([
		['oms_meta_port: abc', '"abc"'],
		['oms_meta_port: 0', '0'],
		['oms_meta_port: 65536', '65536'],
		['oms_meta_port: 2881.5', '2881.5'],
	])('refuses %s', (line, shown) => {
		expect(parseOmsConfig(listConfig.replace('oms_meta_port: 2881', line))).toEqual({
			problem: `config.yaml oms_meta_port is ${shown}, not a port number`,
		});
	});

	it('refuses text that is not YAML, with the first line of the parser message', () => {
		expect(parseOmsConfig('oms_meta_host: a: b\n')).toEqual({
			problem:
				'config.yaml is not valid YAML (Nested mappings are not allowed in compact mappings at line 1, column 16:)',
		});
	});

	it.each(['- a\n- b\n', 'just a string\n', ''])('refuses YAML that is not a mapping: %j', text => {
		expect(parseOmsConfig(text)).toEqual({problem: 'config.yaml is not a YAML mapping'});
	});
});

describe('canonicalConfig', () => {
	it('ignores comments, key order and quoting style', () => {
		const reordered = `cm_nodes: ["10.0.0.2", '10.0.0.3']  # both nodes
tsdb_enabled: false
cm_is_default: true
cm_region: "cn-hangzhou"
cm_location: 100
cm_url: "http://10.0.0.2:8088"
drc_cm_heartbeat_db: oms_cm_hb
drc_cm_db: oms_cm
drc_rm_db: oms_rm
oms_meta_password: "p@ss:word"
oms_meta_user: root@oms#obcluster
oms_meta_port: 2881
oms_meta_host: 10.0.0.10
`;
		expect(canonicalConfig(reordered)).toBe(canonicalConfig(listConfig));
	});

	it('writes sorted JSON, nested mappings included', () => {
		expect(canonicalConfig('b: 1\na:\n  z: [2, {y: 1, x: 0}]\n  c: x\n')).toBe(
			'{"a":{"c":"x","z":[2,{"x":0,"y":1}]},"b":1}',
		);
	});

	it('tells different values apart', () => {
		expect(canonicalConfig(listConfig.replace('cm_location: 100', 'cm_location: 200'))).not.toBe(
			canonicalConfig(listConfig),
		);
	});

	it('tells a different node order apart', () => {
		expect(canonicalConfig(listConfig.replace('  - 10.0.0.2\n  - 10.0.0.3', '  - 10.0.0.3\n  - 10.0.0.2'))).not.toBe(
			canonicalConfig(listConfig),
		);
	});

	it('returns text that is not YAML as it is', () => {
		expect(canonicalConfig('a: [1\n')).toBe('a: [1\n');
	});
});

describe('parseOmsConfig rejects values of the wrong type', () => {
	const base = (extra: string) =>
		`oms_meta_host: 10.0.0.10\noms_meta_user: u\noms_meta_password: p\ndrc_rm_db: rm\ndrc_cm_db: cm\ndrc_cm_heartbeat_db: hb\ncm_region: r\ncm_location: 1\n${extra}`;

	it('a boolean or a list as the port', () => {
		expect(parseOmsConfig(base('oms_meta_port: true\ncm_nodes: [10.0.0.2]\n'))).toEqual({
			problem: 'config.yaml oms_meta_port is true, not a port number',
		});
		expect(parseOmsConfig(base('oms_meta_port: [2881]\ncm_nodes: [10.0.0.2]\n'))).toEqual({
			problem: 'config.yaml oms_meta_port is [2881], not a port number',
		});
	});

	it('a mapping as cm_nodes', () => {
		expect(parseOmsConfig(base('oms_meta_port: 2881\ncm_nodes: {a: 1}\n'))).toEqual({
			problem: 'config.yaml cm_nodes is a mapping, not a list of node IPs',
		});
	});
});

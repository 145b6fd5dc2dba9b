import {describe, expect, it} from 'vitest';
import {labTopology} from '../../source/lab/topology.js';

const topology = (nodes: number, regions: number) =>
	labTopology({nodes, regions, from: '4.2.8-CE', to: '4.2.9-CE', versionRow: true});

describe('labTopology', () => {
	it('splits 9 nodes into 3 regions of 3, on 127.0.0.2 … 127.0.0.10', () => {
		const {nodes, regions} = topology(9, 3);
		expect(nodes.map(node => node.host)).toEqual(Array.from({length: 9}, (_, index) => `127.0.0.${index + 2}`));
		expect(
			regions.map(region => ({
				name: region.name,
				location: region.location,
				hb: region.heartbeatDb,
				hosts: region.nodeHosts,
			})),
		).toEqual([
			{name: 'hangzhou', location: 1, hb: 'oms_cm_hb_1', hosts: ['127.0.0.2', '127.0.0.3', '127.0.0.4']},
			{name: 'shanghai', location: 2, hb: 'oms_cm_hb_2', hosts: ['127.0.0.5', '127.0.0.6', '127.0.0.7']},
			{name: 'beijing', location: 3, hb: 'oms_cm_hb_3', hosts: ['127.0.0.8', '127.0.0.9', '127.0.0.10']},
		]);
	});

	it('names regions past the eighth region9, region10, …, each with a node, up to 127.0.0.254', () => {
		const {nodes, regions} = topology(253, 10);
		expect(nodes.at(-1)!.host).toBe('127.0.0.254');
		expect(regions.map(region => region.name).slice(7)).toEqual(['nanjing', 'region9', 'region10']);
		expect(regions.every(region => region.nodeHosts.length > 0)).toBe(true);
		expect(regions.flatMap(region => region.nodeHosts)).toEqual(nodes.map(node => node.host));
	});
});

import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, it} from 'vitest';
import type {UpgradeModel} from '../../source/config/resolve-plan.js';
import {startStatusPoller} from '../../source/engine/status-poller.js';
import type {MetadbSession} from '../../source/ports/metadb-port.js';
import type {NodeLiveStatus} from '../../source/engine/status-poller.js';

const model = {
	cmDb: 'oms_cm',
	regions: [{heartbeatDb: 'oms_cm_hb'}],
	nodes: [
		{host: '10.0.0.2', oldContainer: 'oms_428', newContainer: 'oms_428_429', engine: {listContainers: async () => []}},
	],
} as unknown as UpgradeModel;

describe('the status poller', () => {
	it('closes a MetaDB session that finished opening after it was stopped', async () => {
		let opened = 0;
		let closed = 0;
		const poller = startStatusPoller(
			async () => {
				opened += 1;
				await sleep(50);
				return {
					usable: true,
					query: async () => [],
					execute: async () => 0,
					close: async () => void (closed += 1),
				} satisfies MetadbSession;
			},
			model,
			() => undefined,
			1000,
		);
		await sleep(10);
		await poller.stop();
		await sleep(100);
		// Left open, its socket would keep the console's process alive after quit.
		expect({opened, closed}).toEqual({opened: 1, closed: 1});
	});

	it('judges each heartbeat against the start mark of the node current container, as verify and rb-verify do', async () => {
		const two = {
			...model,
			nodes: [model.nodes[0], {...model.nodes[0], host: '10.0.0.3'}, {...model.nodes[0], host: '10.0.0.4'}],
		} as unknown as UpgradeModel;
		const rows = [
			// Written by the new OMS after T1, before rollback restarted the old container at 10:05:00: stale.
			{ip: '10.0.0.2', host_status: 'ONLINE', last_beat: '2026-12-06 10:04:59', age_sec: 40},
			// Written after that node's own restart: the old OMS is back.
			{ip: '10.0.0.3', host_status: 'ONLINE', last_beat: '2026-12-06 10:05:01', age_sec: 2},
			// No start mark for this node (its container was never started by this attempt).
			{ip: '10.0.0.4', host_status: 'ONLINE', last_beat: '2026-12-06 09:00:00', age_sec: 3900},
		];
		const published = new Promise<NodeLiveStatus[]>(resolve => {
			const poller = startStatusPoller(
				async () => ({
					usable: true,
					query: async () => rows as never,
					execute: async () => 0,
					close: async () => undefined,
				}),
				two,
				statuses => {
					void poller.stop();
					resolve(statuses);
				},
				1000,
				async () => ({'10.0.0.2': '2026-12-06 10:05:00', '10.0.0.3': '2026-12-06 10:05:00', '10.0.0.4': null}),
			);
		});
		expect((await published).map(({host, beatBeforeStart}) => [host, beatBeforeStart])).toEqual([
			['10.0.0.2', true],
			['10.0.0.3', false],
			['10.0.0.4', false],
		]);
	});
});

import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, it} from 'vitest';
import type {UpgradeModel} from '../../source/config/resolve-plan.js';
import {startStatusPoller} from '../../source/engine/status-poller.js';
import type {MetadbSession} from '../../source/ports/metadb-port.js';

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
});

import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {closeSshTunnels} from '../../source/adapters/ssh-tunnels.js';
import {discoverLive as discover} from '../../source/app/discovery.js';
import {loadPlan} from '../../source/config/load-plan.js';
import {resolvePlan} from '../../source/config/resolve-plan.js';
import {waitFor} from '../../source/domain/wait.js';
import {startStatusPoller, type NodeLiveStatus} from '../../source/engine/status-poller.js';
import {livePorts} from '../../source/adapters/live-ports.js';
import {startLabDaemon, stopLabDaemon} from '../../source/lab/lab-daemons.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/** The node grid's live data, polled from the lab's real engines and MetaDB. */
let lab: Lab;

beforeAll(async () => {
	lab = await startLab({nodes: 2, regions: 1});
});

afterAll(async () => {
	await closeSshTunnels();
	await lab?.down();
});

describe('the status poller', () => {
	it('reports containers, host_status and heartbeat age, and a node whose engine stops answering at the next poll', async () => {
		const model = resolvePlan(await discover(await loadPlan(lab.state.planFile)));
		const published: Array<{at: number; statuses: NodeLiveStatus[]}> = [];
		const poller = startStatusPoller(
			livePorts(model).connectMetadb,
			model,
			statuses => published.push({at: Date.now(), statuses}),
			1000,
		);
		try {
			const first = await waitFor(() => published[0], {timeoutMs: 5000, intervalMs: 20});
			expect(
				first.statuses.map(({host, reachable, oldState, newState, hostStatus, ssh}) => ({
					host,
					reachable,
					oldState,
					newState,
					hostStatus,
					ssh,
				})),
			).toEqual([
				{
					host: '127.0.0.2',
					reachable: true,
					oldState: 'running',
					newState: 'absent',
					hostStatus: 'ONLINE',
					ssh: 'connected',
				},
				{
					host: '127.0.0.3',
					reachable: true,
					oldState: 'running',
					newState: 'absent',
					hostStatus: 'ONLINE',
					ssh: 'connected',
				},
			]);
			expect(first.statuses.every(status => status.heartbeatAgeSec !== null && status.heartbeatAgeSec <= 5)).toBe(true);

			// A hung engine (SIGSTOP) answers nothing at all: the poll gives up within the interval.
			const engine = lab.state.engines[1]!;
			process.kill(engine.pid, 'SIGSTOP');
			const stoppedAt = Date.now();
			try {
				const report = await waitFor(
					() => published.find(entry => entry.at > stoppedAt && entry.statuses[1]!.reachable === false),
					{
						timeoutMs: 10_000,
						intervalMs: 20,
					},
				);
				expect(report.at - stoppedAt).toBeLessThanOrEqual(2 * 1000 + 500);
				expect(report.statuses[0]!.reachable).toBe(true);
			} finally {
				process.kill(engine.pid, 'SIGCONT');
			}
			const back = Date.now();
			await waitFor(() => published.find(entry => entry.at > back && entry.statuses[1]!.reachable), {
				timeoutMs: 10_000,
				intervalMs: 20,
			});

			// A stopped engine: the socket refuses at once.
			await stopLabDaemon(lab.directory, 1);
			const downAt = Date.now();
			const down = await waitFor(() => published.find(entry => entry.at > downAt && !entry.statuses[1]!.reachable), {
				timeoutMs: 10_000,
				intervalMs: 20,
			});
			expect(down.at - downAt).toBeLessThanOrEqual(1000 + 500);
			await startLabDaemon(lab.directory, 1);
		} finally {
			await poller.stop();
		}
	});
});

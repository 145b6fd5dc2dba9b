import {describe, expect, it} from 'vitest';
import type {Discovery} from '../../source/config/discover-cluster.js';
import type {UpgradeModel} from '../../source/config/resolve-plan.js';
import type {Journal} from '../../source/domain/journal-types.js';
import {EventBus} from '../../source/domain/events.js';
import {runContext} from '../../source/engine/run-context.js';
import type {MetadbSession} from '../../source/ports/metadb-port.js';
import type {RunPorts} from '../../source/ports/run-ports.js';
import {upgradeSteps} from '../../source/steps/index.js';

function context(ports: RunPorts = {} as RunPorts) {
	const bus = new EventBus();
	const ctx = runContext({
		model: {plan: {workdir: '/nonexistent/oms-upgrade-workdir'}} as unknown as UpgradeModel,
		discovery: {} as Discovery,
		journal: {attempt: 'a1', steps: {}, t1: null, t2: null, t3: null, t4: null} as unknown as Journal,
		steps: upgradeSteps,
		bus,
		yes: false,
		confirm: async () => false,
		signal: new AbortController().signal,
		// Nothing here reaches a port unless a test hands one in.
		ports,
	});
	return {ctx, bus};
}

describe('the run context', () => {
	it('refuses a node state when no step is current, with a message instead of a TypeError', async () => {
		const {ctx} = context();
		expect(ctx.current).toBeNull();
		await expect(ctx.nodeState('10.0.0.1', 'running')).rejects.toThrow('nodeState(10.0.0.1) called outside a step');
	});

	it('drops progress outside a step and tags log lines with no step', () => {
		const {ctx, bus} = context();
		const seen: unknown[] = [];
		bus.subscribe(event => seen.push(event));
		ctx.progress('10.0.0.1', 1, 2);
		ctx.log(null, 'hello');
		expect(seen).toMatchObject([{type: 'log', step: null, node: null, level: 'info', text: 'hello'}]);
	});

	it('opens one MetaDB session for callers that ask at once (node steps in parallel), and closes it', async () => {
		let opened = 0;
		let closed = 0;
		const session = (): MetadbSession => ({
			usable: true,
			query: async () => [],
			execute: async () => 0,
			close: async () => void (closed += 1),
		});
		const {ctx} = context({
			connectMetadb: async () => {
				opened += 1;
				await new Promise(resolve => setTimeout(resolve, 20));
				return session();
			},
		} as unknown as RunPorts);
		const [first, second] = await Promise.all([ctx.metadb(), ctx.metadb()]);
		expect(first).toBe(second);
		await ctx.close();
		// A second session would be left open: its socket keeps the process alive after the run ends.
		expect({opened, closed}).toEqual({opened: 1, closed: 1});
	});
});

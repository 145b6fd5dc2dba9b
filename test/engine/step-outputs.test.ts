import {describe, expect, it} from 'vitest';
import type {Discovery} from '../../source/config/discover-cluster.js';
import type {Plan} from '../../source/config/plan-types.js';
import type {UpgradeModel} from '../../source/config/resolve-plan.js';
import type {Journal} from '../../source/domain/journal-types.js';
import {EventBus} from '../../source/domain/events.js';
import {newJournal} from '../../source/domain/journal.js';
import {runContext} from '../../source/engine/run-context.js';
import {outputReader, recordOutput} from '../../source/engine/step-outputs.js';
import {runStep} from '../../source/engine/step-runner.js';
import type {RunPorts} from '../../source/ports/run-ports.js';
import type {StepDefinition} from '../../source/steps/step-types.js';

const hosts = ['10.0.0.2', '10.0.0.3'];

/** A new attempt's journal for two nodes (newJournal reads only these fields of the plan). */
const journal = (): Journal =>
	newJournal({name: 'test', target: {version: '4.2.9-CE'}, nodes: hosts.map(host => ({host}))} as unknown as Plan);

/** A run context whose journal port keeps a copy of every journal it is asked to save. */
function context(steps: readonly StepDefinition[]) {
	const saved: Journal[] = [];
	const ctx = runContext({
		model: {
			plan: {workdir: '/nonexistent/oms-upgrade-workdir'},
			nodes: hosts.map(host => ({host})),
		} as unknown as UpgradeModel,
		discovery: {} as Discovery,
		journal: journal(),
		steps,
		bus: new EventBus(),
		yes: true,
		confirm: async () => true,
		signal: new AbortController().signal,
		ports: {
			journal: {save: async (written: Journal) => void saved.push(structuredClone(written))},
		} as unknown as RunPorts,
	});
	return {ctx, saved};
}

describe('step outputs', () => {
	it('are journaled by the runner: T1 is the earliest stop on any node, the ha.config found is never overwritten', () => {
		const recorded = journal();
		recordOutput(recorded, {
			step: 'stop-old',
			node: '10.0.0.3',
			oldContainerId: 'old-3',
			stoppedAt: '2026-01-01T10:00:05.000Z',
		});
		recordOutput(recorded, {
			step: 'stop-old',
			node: '10.0.0.2',
			oldContainerId: 'old-2',
			stoppedAt: '2026-01-01T10:00:01.000Z',
		});
		recordOutput(recorded, {step: 'disable-ha', haFound: '{"enable":true}'});
		recordOutput(recorded, {step: 'disable-ha', haFound: '{"enable":false}'});
		const read = outputReader(recorded);
		expect(read('stop-old')).toEqual({
			t1: '2026-01-01T10:00:01.000Z',
			oldContainerIds: {'10.0.0.2': 'old-2', '10.0.0.3': 'old-3'},
		});
		expect(read('disable-ha')).toEqual({haFound: '{"enable":true}', versionFixWrittenAt: null});
		expect(read('start-new').startMarks).toEqual({'10.0.0.2': null, '10.0.0.3': null});
	});

	it('a fact handed over with record is on disk before the step goes on, even when the step then fails', async () => {
		const step: StepDefinition = {
			id: 'disable-ha',
			title: 'Disable HA',
			scope: 'cluster',
			destructive: false,
			run: async ctx => {
				await ctx.record({step: 'disable-ha', haFound: '{"enable":true}'});
				throw new Error('the write failed');
			},
		};
		const {ctx, saved} = context([step]);
		ctx.current = 'disable-ha';
		await expect(runStep(step, ctx, new EventBus())).rejects.toThrow('the write failed');
		const afterRecord = saved.find(written => written.haFound !== null);
		expect(afterRecord?.steps['disable-ha']?.status).toBe('running');
		expect(saved.at(-1)).toMatchObject({haFound: '{"enable":true}', steps: {'disable-ha': {status: 'failed'}}});
	});

	it("returned outputs are journaled in the same write as the node's success, and read back by later code", async () => {
		const step: StepDefinition = {
			id: 'stage-image',
			title: 'Stage',
			scope: 'node',
			destructive: false,
			runNode: async (_ctx, node) => ({
				summary: 'loaded',
				outputs: [{step: 'stage-image', node: node.host, imageId: `sha256:${node.host}`}],
			}),
			after: async ctx => `ids ${Object.values(ctx.outputs('stage-image').imageIds).join(' ')}`,
		};
		const {ctx, saved} = context([step]);
		ctx.current = 'stage-image';
		await expect(runStep(step, ctx, new EventBus())).resolves.toBe('ids sha256:10.0.0.2 sha256:10.0.0.3');
		const firstDone = saved.find(written => written.steps['stage-image']?.nodes['10.0.0.2']?.status === 'succeeded');
		expect(firstDone?.nodes['10.0.0.2']?.imageId).toBe('sha256:10.0.0.2');
		expect(
			saved.every(
				written =>
					(written.nodes['10.0.0.2']?.imageId === null) ===
					(written.steps['stage-image']?.nodes['10.0.0.2']?.status !== 'succeeded'),
			),
		).toBe(true);
	});

	it("refuses an output of another step: one step's facts are never another's to write", async () => {
		const step: StepDefinition = {
			id: 'stop-old',
			title: 'Stop',
			scope: 'cluster',
			destructive: false,
			run: async ctx => {
				await ctx.record({step: 'disable-ha', haFound: '{}'});
				return 'never';
			},
		};
		const {ctx, saved} = context([step]);
		ctx.current = 'stop-old';
		await expect(runStep(step, ctx, new EventBus())).rejects.toThrow(
			'step stop-old handed over an output of disable-ha',
		);
		expect(saved.at(-1)?.haFound).toBeNull();
	});
});

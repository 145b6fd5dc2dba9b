import fc from 'fast-check';
import {describe, it} from 'vitest';
import {explorerCommands, recover, type Story} from '../helpers/explorer/commands.js';
import {World} from '../helpers/explorer/world.js';

/**
 * The model-based explorer: random sequences of operator commands and world events over a fake cluster
 * of 3 nodes in 2 regions, with I1–I10 (test/helpers/explorer/invariants.ts) checked after every command
 * and a plain run or rollback at the end that must reach a working cluster. A failing sequence is shrunk
 * and printed as the commands that reproduce it. `npm run test:explore` runs it at scale
 * (EXPLORE_RUNS, EXPLORE_SEED to replay one).
 */
const runs = Number(process.env['EXPLORE_RUNS'] ?? 2000);
const seed = process.env['EXPLORE_SEED'] === undefined ? undefined : Number(process.env['EXPLORE_SEED']);

describe('the explorer', () => {
	it(`keeps I1–I10 over ${runs} random operator sequences`, {timeout: Math.max(300_000, runs * 150)}, async () => {
		await fc.assert(
			fc.asyncProperty(explorerCommands, async commands => {
				const world = new World();
				const story: Story = {lines: []};
				await fc.asyncModelRun(() => ({model: story, real: world}), commands);
				await recover(story, world);
			}),
			{numRuns: runs, ...(seed === undefined ? {} : {seed}), endOnFailure: false},
		);
	});
});

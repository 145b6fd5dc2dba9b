import fc from 'fast-check';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {rulebook, type Rule} from '../../source/engine/rulebook.js';
import {newStopped} from '../../source/engine/live-facts.js';
import type {StepId} from '../../source/domain/journal-types.js';
import {explorerCommands, recover, type Story} from '../helpers/explorer/commands.js';
import {World} from '../helpers/explorer/world.js';

/**
 * The explorer is itself under test: put back each rule that the first two sequences of the rulebook's
 * issue broke, and it must find a sequence that breaks an invariant (then shrink it to the commands that
 * reproduce it). An explorer that passes on the broken rules would be a test that cannot fail.
 */
const weak = vi.hoisted(() => ({init: false}));

vi.mock('../../source/domain/init-output.js', async original => {
	const real = await original<typeof import('../../source/domain/init-output.js')>();
	return {
		...real,
		// The judgement before the fix: docker_init.sh's exit status alone.
		judgeInit: (exitCode: number, lines: readonly string[]) =>
			weak.init
				? exitCode === 0
					? {ok: true}
					: {ok: false, words: `exited ${exitCode}`}
				: real.judgeInit(exitCode, lines),
	};
});

const rules = rulebook as Record<StepId, Rule>;
const saved = {...rules};

afterEach(() => {
	Object.assign(rules, saved);
	weak.init = false;
});

/**
 * Runs the explorer as `npm test` does, from a fixed seed (so a finding reproduces), and says what it found: the shrunk
 * sequence and the broken invariant.
 */
async function explore(runs: number): Promise<string> {
	const details = await fc.check(
		fc.asyncProperty(explorerCommands, async commands => {
			const world = new World();
			const story: Story = {lines: []};
			await fc.asyncModelRun(() => ({model: story, real: world}), commands);
			await recover(story, world);
		}),
		{numRuns: runs, seed: 17},
	);
	if (!details.failed) return 'no sequence broke an invariant';
	return `after ${details.numRuns} sequences: ${String(details.errorInstance)}`;
}

describe('the explorer finds the sequences the rulebook forbids, once a rule is taken away', () => {
	it('rb-start-old without the restore rule: an old OMS over migrated metadata (I1)', {timeout: 300_000}, async () => {
		rules['rb-start-old'] = {...saved['rb-start-old'], needs: ['rb-disable-ha', 'rb-stop-new'], live: newStopped};
		const found = await explore(5000);
		expect(found).toMatch(/I1: the old OMS runs on \S+ over metadata at 4\.2\.9/);
		// Shrunk to the commands that reproduce it.
		expect(found).toMatch(/after:\n(?: {2}.*\n)*? {2}oms-upgrade rollback/);
	});

	it(
		'init judged by its exit status alone: an upgrade said to succeed with docker_init.sh failed in a region (I4)',
		{timeout: 300_000},
		async () => {
			weak.init = true;
			const found = await explore(5000);
			expect(found).toMatch(/I4: "succeeded: OMS upgraded[^"]*" but docker_init\.sh never completed in region/);
		},
	);

	it('with the rules in place, the same seed finds nothing', {timeout: 300_000}, async () => {
		expect(await explore(300)).toBe('no sequence broke an invariant');
	});
});

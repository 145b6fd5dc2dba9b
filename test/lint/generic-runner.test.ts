import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {rollbackStepIds, upgradeStepIds} from '../../source/domain/journal-types.js';

/**
 * The run loops are generic: what a step needs, asks or proves is its rule in engine/rulebook.ts, never its id here.
 */
const loops = [
	'source/engine/step-loop.ts',
	'source/engine/upgrade-run.ts',
	'source/engine/rollback-run.ts',
	'source/engine/run-session.ts',
];

describe('the run loops name no step', () => {
	it.each(loops)('%s', async file => {
		const text = await readFile(file, 'utf8');
		const named = [...upgradeStepIds, ...rollbackStepIds].filter(id => new RegExp(`['"\`]${id}['"\`]`).test(text));
		expect(named).toEqual([]);
	});
});

import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';

const script = new URL('../../scripts/import-cycles.mjs', import.meta.url).pathname;
let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-cycles-'));
	await mkdir(path.join(dir, 'source', 'engine'), {recursive: true});
	await mkdir(path.join(dir, 'source', 'steps'), {recursive: true});
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

const write = async (file: string, text: string) => writeFile(path.join(dir, 'source', file), text);

describe('scripts/import-cycles.mjs', {timeout: 30_000}, () => {
	it('finds a cycle made of type-only imports (which eslint-plugin-import-x skips)', async () => {
		await write(
			'engine/events.ts',
			"import type {StepId} from '../steps/step-types.js';\nexport type Event = {step: StepId};\n",
		);
		await write(
			'steps/step-types.ts',
			"import type {Event} from '../engine/events.js';\nexport type StepId = string;\nexport type Step = {emit: (event: Event) => void};\n",
		);
		await write('steps/other.ts', "import type {StepId} from './step-types.js';\nexport const id: StepId = 'x';\n");
		const result = await execa('node', [script, path.join(dir, 'source')], {reject: false});
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toBe('import cycle: source/engine/events.ts ↔ source/steps/step-types.ts');
	});

	it('passes a tree without cycles', async () => {
		await write('steps/step-types.ts', 'export type StepId = string;\n');
		await write(
			'engine/events.ts',
			"import type {StepId} from '../steps/step-types.js';\nexport type Event = {step: StepId};\n",
		);
		const result = await execa('node', [script, path.join(dir, 'source')]);
		expect(result.stdout).toBe('no import cycle among 2 modules of source/ (type-only imports included)');
	});
});

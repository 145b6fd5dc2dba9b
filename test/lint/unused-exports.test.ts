import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';

const script = new URL('../../scripts/unused-exports.mjs', import.meta.url).pathname;
let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-unused-'));
	for (const sub of ['source/lab', 'test', 'bin']) await mkdir(path.join(dir, sub), {recursive: true});
	const options = {target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true};
	await writeFile(
		path.join(dir, 'test', 'tsconfig.json'),
		JSON.stringify({compilerOptions: {...options, rootDir: '..'}, include: ['../source', '.']}),
	);
	await writeFile(path.join(dir, 'package.json'), '{"type": "module"}');
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

const write = async (file: string, text: string) => writeFile(path.join(dir, file), text);

describe('scripts/unused-exports.mjs', {timeout: 60_000}, () => {
	it('names each export of source/ nothing imports; imports by source, tests, re-exports and JavaScript entries count', async () => {
		await write(
			'source/lab/parts.ts',
			[
				'export const usedBySource = 1;',
				'export const usedByTest = 2;',
				'export const usedByEntry = 3;',
				'export type UsedAsType = {a: number};',
				'export const reExported = 4;',
				'export const onlyHere = 5;',
				'export type NeverImported = string;',
				'export function deadAndExported(): number { return onlyHere; }',
				'',
			].join('\n'),
		);
		await write(
			'source/lab/user.ts',
			"import {usedBySource, type UsedAsType} from './parts.js';\nexport const total: UsedAsType = {a: usedBySource};\n",
		);
		await write('source/index.ts', "export {reExported} from './lab/parts.js';\n");
		await write(
			'test/parts.test.ts',
			"import {usedByTest} from '../source/lab/parts.js';\nimport {total} from '../source/lab/user.js';\nimport {reExported} from '../source/index.js';\nexport const seen = [usedByTest, total, reExported];\n",
		);
		await write(
			'bin/run.js',
			"const {usedByEntry} = await import('../dist/lab/parts.js');\nconsole.log(usedByEntry);\n",
		);
		const result = await execa('node', [script, dir], {reject: false});
		expect(result.exitCode).toBe(1);
		expect(result.stderr.split('\n').sort()).toEqual(
			[
				'unused export: source/lab/parts.ts:6 onlyHere',
				'unused export: source/lab/parts.ts:7 NeverImported',
				'unused export: source/lab/parts.ts:8 deadAndExported',
				'3 exports of source/ that nothing imports: remove them or drop their export keyword.',
			].sort(),
		);
	});

	it('passes when every export is imported somewhere', async () => {
		await write('source/parts.ts', 'export const a = 1;\n');
		await write('test/parts.test.ts', "import {a} from '../source/parts.js';\nexport const b = a;\n");
		const result = await execa('node', [script, dir]);
		expect(result.stdout).toBe('no unused export among 1 modules of source/');
	});
});

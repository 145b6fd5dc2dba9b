import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath} from '../helpers/cli.js';

// Start-up time: a command loads the modules it uses and no others (source/cli.tsx imports each command's
// module when it runs). The built CLI runs under a module log (helpers/module-log.mjs); npm test builds first.
const run = promisify(execFile);
const moduleLog = new URL('../helpers/module-log.mjs', import.meta.url).href;

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'oms-lazy-'));
});
afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

/**
 * The packages of node_modules among the logged modules, in the order they were first loaded (a scope kept:
 * @scope/name).
 */
function packagesIn(lines: readonly string[]): string[] {
	const names = lines.flatMap(line => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1] ?? []);
	return [...new Set(names)];
}

/** The packages bundled into dist/vendor (scripts/build/vendor.mjs) among the logged modules: each entry's name. */
function vendoredIn(lines: readonly string[]): string[] {
	const names = lines.flatMap(line => /\/dist\/vendor\/((?!chunk-)[\w-]+)\.js$/.exec(line)?.[1] ?? []);
	return [...new Set(names)];
}

/**
 * Runs `node --import module-log.mjs bin/oms-upgrade.js ...args` (in `script`'s terminal when asked); the module log's
 * lines.
 */
async function loaded(args: readonly string[], options: {terminal?: boolean; mark?: string} = {}) {
	const log = join(dir, `modules-${args.join('-').replace(/\W+/g, '_')}.log`);
	await writeFile(log, '');
	const env = {
		...process.env,
		MODULE_LOG: log,
		MODULE_LOG_MARK: options.mark ?? '',
		NO_COLOR: '1',
		TERM: 'xterm-256color',
	};
	const command = [process.execPath, '--import', moduleLog, cliPath, ...args];
	// A failing command (exit 2 for a missing plan) rejects with the same stdout and its exit code.
	const ended = (error: {stdout: string; code: number}) => ({stdout: error.stdout, code: error.code});
	const result = options.terminal
		? await run(
				'script',
				['-qfec', `stty cols 120 rows 40; exec ${command.map(word => `'${word}'`).join(' ')}`, '/dev/null'],
				{env},
			).then(output => ({...output, code: 0}), ended)
		: await run(command[0]!, command.slice(1), {env}).then(output => ({...output, code: 0}), ended);
	const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
	return {stdout: result.stdout, code: result.code, lines, packages: packagesIn(lines), vendored: vendoredIn(lines)};
}

describe('what a command loads', () => {
	it.each([
		[['--version']],
		[['-v']],
		[['--help']],
		[['plan', '--help']],
		[['run', '--help']],
		[['lab', 'up', '--help']],
	])('%j loads no package: no dockerode, mysql2, execa, yaml, Ink or React', async args => {
		const {stdout, code, lines, packages, vendored} = await loaded(args);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^(usage: )?oms-upgrade[: ]/);
		expect(lines.some(line => line.endsWith('/dist/cli.js'))).toBe(true);
		expect(packages).toEqual([]);
		expect(vendored).toEqual([]);
	});

	it('plan loads the packages that read the cluster (the log sees CommonJS packages too)', async () => {
		const {code, packages, vendored} = await loaded(['plan', '-c', join(dir, 'no-such-plan.yaml')]);
		expect(code).toBe(2);
		expect(packages).toEqual(expect.arrayContaining(['dockerode', 'mysql2', 'execa']));
		// yaml and zod come bundled (dist/vendor), as the console's first frame reads the plan with them.
		expect(vendored).toEqual(expect.arrayContaining(['yaml', 'zod']));
		for (const name of ['ink', 'react']) {
			expect(packages).not.toContain(name);
			expect(vendored).not.toContain(name);
		}
	});

	it('the console draws its first frame before it loads what reads the cluster (dockerode, mysql2, execa)', async () => {
		const plan = join(dir, 'console.yaml');
		// Nothing listens on this Docker socket: discovery fails at once, after loading the adapters.
		await writeFile(
			plan,
			`name: lazy\ntarget: {version: 4.2.9-CE}\nworkdir: ${join(dir, 'work')}\nnodes:\n  - {host: 127.0.0.2, docker: "unix://${join(dir, 'none.sock')}", container: oms_428}\n`,
		);
		const mark = 'oms-upgrade · lazy · ';
		const {stdout, code, lines} = await loaded(['console', '-c', plan], {terminal: true, mark});
		// Discovery cannot read the node: exit 3, as any preflight failure.
		expect(code).toBe(3);
		expect(stdout).toContain('cannot resolve the plan');
		const frame = lines.indexOf(`stdout: ${mark}`);
		expect(frame).toBeGreaterThan(0);
		const before = packagesIn(lines.slice(0, frame));
		const after = packagesIn(lines.slice(frame));
		// Ink, React, zustand, zod, yaml and string-width come bundled (dist/vendor, scripts/build/vendor.mjs): a few
		// files, not node_modules' hundreds (zod alone is about 95); each one copy, and none of them from node_modules.
		const vendor = lines.slice(0, frame).filter(line => line.includes('/dist/vendor/'));
		expect(vendoredIn(lines.slice(0, frame))).toEqual(
			expect.arrayContaining([
				'ink',
				'react',
				'react-jsx-runtime',
				'zustand',
				'ink-spinner',
				'zod',
				'yaml',
				'string-width',
			]),
		);
		expect(vendor.length).toBeLessThan(25);
		for (const name of [
			'ink',
			'react',
			'zustand',
			'ink-spinner',
			'es-toolkit',
			'yoga-layout',
			'zod',
			'yaml',
			'string-width',
		])
			expect(packagesIn(lines)).not.toContain(name);
		// Yoga's WebAssembly loads without fetch: reading the global fetch alone loads undici
		// (scripts/build/yoga-without-fetch.js).
		expect(lines[frame + 1]).toMatch(/^deps: /);
		expect(lines[frame + 1]).not.toContain('undici');
		for (const name of ['dockerode', 'mysql2', 'execa']) {
			expect(before).not.toContain(name);
			expect(after).toContain(name);
		}
	});
});

import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

/**
 * The single executable's bundle, run by plain node: the snags of bundling (Yoga's asynchronous start,
 * Ink's DevTools-only top-level awaits, optional native addons) show here in seconds. The executable
 * itself is tested by test/release/smoke.sh (npm run test:release).
 */
const run = promisify(execFile);
let directory: string;
let bundleFile: string;

beforeAll(async () => {
	directory = await mkdtemp('/tmp/omsu-bundle-');
	bundleFile = join(directory, 'oms-upgrade.cjs');
	// @ts-expect-error: a build script in plain JavaScript, without types
	const {bundle} = (await import('../../scripts/release/bundle.mjs')) as {bundle: (outfile: string) => Promise<unknown>};
	await bundle(bundleFile);
	// esbuild takes seconds, more on a busy machine: more than the default 10 s for a hook.
}, 120_000);

afterAll(async () => {
	await rm(directory, {recursive: true, force: true});
});

describe('the release bundle', () => {
	it('is one CommonJS script with React production build and no native addon or DevTools in it', async () => {
		const text = await readFile(bundleFile, 'utf8');
		expect(text).not.toMatch(/\bimport\s*\(|\bawait import\b/);
		expect(text).not.toContain('react.development');
		expect(text).not.toContain('react-devtools-core');
		expect(text).toContain('sshcrypto.node is not part of the single executable');
	});

	it('starts and answers --help and a bad plan path, with nothing on stderr', async () => {
		const help = await run(process.execPath, [bundleFile, '--help'], {env: {PATH: process.env.PATH, NO_COLOR: '1'}});
		expect(help.stdout).toMatch(/^oms-upgrade: upgrade OMS Community Edition/);
		expect(help.stderr).toBe('');
		const missing = await run(process.execPath, [bundleFile, 'plan', '-c', join(directory, 'absent.yaml')], {env: {PATH: process.env.PATH, NO_COLOR: '1'}}).then(
			() => ({code: 0, stderr: ''}),
			(error: {code: number; stderr: string}) => error,
		);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain(`oms-upgrade: ${join(directory, 'absent.yaml')}: cannot read the plan file`);
	});

	// Each command's modules are evaluated when it runs: the console is what loads Yoga and Ink.
	it("draws the console's first frame in a terminal: Yoga and Ink load and lay it out", async () => {
		const plan = join(directory, 'console.yaml');
		// Nothing listens on this Docker socket: discovery fails after the first frame, exit 3.
		await writeFile(
			plan,
			`name: bundle\ntarget: {version: 4.2.9-CE}\nworkdir: ${join(directory, 'work')}\nnodes:\n  - {host: 127.0.0.2, docker: "unix://${join(directory, 'none.sock')}", container: oms_428}\n`,
		);
		const line = [process.execPath, bundleFile, 'console', '-c', plan].map(word => `'${word}'`).join(' ');
		const ended = await run('script', ['-qfec', `stty cols 120 rows 40; exec ${line}`, '/dev/null'], {
			env: {PATH: process.env.PATH, NO_COLOR: '1', TERM: 'xterm-256color'},
		}).then(
			output => ({code: 0, stdout: output.stdout}),
			(error: {code: number; stdout: string}) => error,
		);
		expect(ended.stdout).toContain('oms-upgrade · bundle · ');
		expect(ended.stdout).toContain('cannot resolve the plan');
		expect(ended.stdout).not.toMatch(/Error:|\(node:\d+\)/);
		expect(ended.code).toBe(3);
	});
});

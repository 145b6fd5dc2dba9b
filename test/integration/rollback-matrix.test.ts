import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isStep, runCli, startCli} from '../helpers/cli.js';
import {readJournal, stepStatus} from '../helpers/crash-walk.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/**
 * The rollback's matrix: at every rollback step, --only out of order, Ctrl-C, a closed pipe and SIGKILL
 * end in their specified states, and after every action: no MetaDB restore while an OMS container runs,
 * no row written after the restore lost, the attempt's journal kept until the rollback is complete.
 */
let lab: Lab;
let planFile: string;
let workdir: string;
const hosts = ['127.0.0.2', '127.0.0.3'];
const steps = ['rb-disable-ha', 'rb-stop-new', 'rb-restore', 'rb-start-old', 'rb-verify', 'rb-restore-ha'] as const;
/** Sentinel rows, and whether they were written after the confirmed restore finished (then nothing may take them). */
const sentinels: Array<{name: string; afterRestore: boolean}> = [];

beforeAll(async () => {
	lab = await startLab({nodes: 2, regions: 2});
	planFile = lab.state.planFile;
	workdir = join(lab.directory, 'oms-upgrade-lab');
	const upgrade = await runCli(['run', '-c', planFile, '--yes']);
	expect(upgrade.exitCode).toBe(0);
});

afterAll(async () => {
	await lab?.down();
});

/** A step's state in the attempt's journal (archived as journal.<attempt>.json once the rollback completed). */
const status = async (step: string) => stepStatus(await readJournal(workdir), step);

/**
 * rb-restore begun and not finished (cut short by kill -9): no OMS runs to write a row, and the databases
 * are being loaded again (a restore once started runs on to its end, even past the tool's death), so there
 * is nothing to write or compare until a run finishes it.
 */
const restoring = async () => !['pending', 'succeeded'].includes(await status('rb-restore'));

async function act<T>(action: () => Promise<T>): Promise<T> {
	if (!(await restoring())) {
		const name = `sentinel-${sentinels.length + 1}`;
		await lab.sql(`INSERT INTO oms_rm.project (name, status) VALUES ('${name}', 'RUNNING')`);
		sentinels.push({name, afterRestore: (await status('rb-restore')) === 'succeeded'});
	}
	const result = await action();
	if (await restoring()) return result;
	// Until the confirmed restore starts, no row may go; once it has, only rows written after it finished are safe.
	const present = new Set(
		(await lab.sql<{name: string}>("SELECT name FROM oms_rm.project WHERE name LIKE 'sentinel-%'")).map(
			row => row.name,
		),
	);
	const started = (await status('rb-restore')) !== 'pending';
	for (const sentinel of sentinels)
		if (!started || sentinel.afterRestore) expect(present.has(sentinel.name), `${sentinel.name} lost`).toBe(true);
	return result;
}

describe('every operator action at every rollback step', () => {
	it('the one question: No or end of input changes nothing', async () => {
		const declined = await act(() => runCli(['rollback', '-c', planFile]));
		expect(declined.exitCode).toBe(1);
		expect(declined.stderr).toContain('Type rollback to confirm: ');
		expect(await status('rb-disable-ha')).toBe('pending');
	});

	it('rb-restore out of order is refused (the new containers run: rb-stop-new has not stopped them), nothing dropped', async () => {
		const refused = await act(() => runCli(['rollback', '-c', planFile, '--yes', '--only', 'rb-restore']));
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toMatch(
			/refused at rb-restore: rb-stop-new has not been done in this rollback of attempt \d{8}T\d{6}: run `oms-upgrade rollback` \(or `--from rb-disable-ha`\), which does it first\./,
		);
		expect(refused.stdout).not.toContain('DROP DATABASE');
	});

	it.each(steps)('at %s', async step => {
		for (const how of ['SIGINT', 'closed pipe', 'SIGKILL'] as const) {
			if ((await status(step)) === 'succeeded') break;
			const run = startCli(['rollback', '-c', planFile, '--yes', '--only', step]);
			await act(async () => {
				await run.waitForEvent(isStep(step));
				if (how === 'SIGINT') run.process.kill('SIGINT');
				else if (how === 'SIGKILL') run.process.kill('SIGKILL');
				else run.process.stdout!.destroy();
				const code = await run.exit;
				expect(
					code === (how === 'SIGKILL' ? 137 : 130) || (code === 0 && (await status(step)) === 'succeeded'),
					`${how} at ${step}: exit ${code} ${run.stderr()}`,
				).toBe(true);
			});
			expect(['interrupted', 'running', 'succeeded']).toContain(await status(step));
		}
		// Not again once done: --only re-runs a step on purpose, and a second restore would drop what came after the
		// first.
		if ((await status(step)) !== 'succeeded') {
			const done = await act(() => runCli(['rollback', '-c', planFile, '--yes', '--only', step]));
			expect(done.exitCode, `${step}: ${done.stderr}`).toBe(0);
		}
		expect(await status(step)).toBe('succeeded');
	});

	it('ends rolled back: the old containers running, the new ones kept, the journal archived', async () => {
		for (const index of hosts.keys()) {
			const names = (await lab.docker(index).listContainers({all: true})).map(c => `${c.Names[0]} ${c.State}`).sort();
			expect(names).toEqual(['/oms_428 running', expect.stringMatching(/^\/oms_428_429-\d{8}T\d{6} exited$/)]);
		}
		const report = JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as {outcome: string};
		expect(report.outcome).toBe('rolled-back');
		const status = await runCli(['status', '-c', planFile]);
		expect(status.stdout).toContain('No attempt open');
	});
});

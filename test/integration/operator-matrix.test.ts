import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {backupsDir} from '../../source/domain/dump-command.js';
import {judgeHealth, type HostHealthRow} from '../../source/domain/node-health.js';
import {sql} from '../../source/domain/sql.js';
import {rulebook} from '../../source/engine/rulebook.js';
import {verifiedDumps} from '../../source/steps/backup-manifest.js';
import {workdirFiles} from '../../source/adapters/workdir-files.js';
import {isStep, runCli, startCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/**
 * The matrix: at every upgrade step, each thing an operator does (refuse ahead with --only, decline,
 * --from with no answers, Ctrl-C, a closed pipe, SIGKILL) ends in its specified state, and after every
 * action three properties hold: no row written is lost (no rollback was confirmed here), no new container
 * has run without a verified dump of this attempt, and no report says succeeded while a node is unverified.
 */
let lab: Lab;
let planFile: string;
let workdir: string;
let sentinels = 0;
const hosts = ['127.0.0.2', '127.0.0.3'];
const databases = ['oms_rm', 'oms_cm', 'oms_cm_hb_1', 'oms_cm_hb_2'];
const steps = [
	'stage-image',
	'disable-ha',
	'stop-old',
	'clean-heartbeat',
	'backup',
	'start-new',
	'init',
	'verify',
	'enable-ha',
] as const;
/** Steps that ask before they act when run alone (--only). */
const asking = new Set(['stop-old', 'start-new', 'init']);
/** Steps with an asking step at or after them: `--from` with no answers stops at that question. */
const fromStops = new Set(['stage-image', 'disable-ha', 'stop-old', 'clean-heartbeat', 'backup', 'start-new', 'init']);

beforeAll(async () => {
	lab = await startLab({nodes: 2, regions: 2});
	planFile = lab.state.planFile;
	workdir = join(lab.directory, 'oms-upgrade-lab');
});

afterAll(async () => {
	await lab?.down();
});

type Journal = {
	attempt: string;
	steps: Record<string, {status: string} | undefined>;
	nodes: Record<string, {startMark: string | null}>;
};
const journal = async () => JSON.parse(await readFile(join(workdir, 'journal.json'), 'utf8')) as Journal;
const status = async (step: string) => (await journal()).steps[step]?.status ?? 'pending';

/** A row "the running OMS" writes before each action: none may ever disappear in this walk. */
async function writeSentinel(): Promise<void> {
	sentinels += 1;
	await lab.sql(`INSERT INTO oms_rm.project (name, status) VALUES ('sentinel-${sentinels}', 'RUNNING')`);
}

async function assertProperties(): Promise<void> {
	const [row] = await lab.sql<{count: number}>(
		"SELECT COUNT(*) AS count FROM oms_rm.project WHERE name LIKE 'sentinel-%'",
	);
	expect(Number(row?.count)).toBe(sentinels);
	const {attempt, nodes} = await journal();
	for (const index of hosts.keys()) {
		const fresh = await lab
			.docker(index)
			.getContainer('oms_428_429')
			.inspect()
			.catch(() => undefined);
		if (fresh && !fresh.State.StartedAt.startsWith('0001-')) {
			const dumps = await verifiedDumps(workdirFiles, workdir, backupsDir(workdir, attempt), databases);
			expect(
				dumps,
				`a new container ran on ${hosts[index]} without a verified dump of attempt ${attempt}`,
			).toHaveProperty('entries');
		}
	}
	const report = JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as {outcome: string};
	if (report.outcome === 'succeeded') {
		const rows = await lab.sql<HostHealthRow>(sql.hostHealth('oms_cm', ['oms_cm_hb_1', 'oms_cm_hb_2']));
		for (const host of hosts)
			expect(
				judgeHealth(
					host,
					rows.find(row => row.ip === host),
					nodes[host]!.startMark,
				).healthy,
			).toBe(true);
	}
}

/**
 * A No at the stop-old question ends the run before downtime, so HA is put back as found and disable-ha is
 * to be done again: check that, then disable HA again to go on at stop-old.
 */
async function haBackOnAfterNo(step: string): Promise<void> {
	if (step !== 'stop-old' || (await status('disable-ha')) === 'succeeded') return;
	const [row] = await lab.sql<{v: string}>(
		"SELECT cfg_value AS v FROM oms_rm.oms_normal_config WHERE cfg_name = 'ha.config'",
	);
	expect((JSON.parse(String(row?.v)) as {enable: boolean}).enable).toBe(true);
	expect((await runCli(['run', '-c', planFile, '--yes', '--only', 'disable-ha'])).exitCode).toBe(0);
}

async function act<T>(action: () => Promise<T>): Promise<T> {
	await writeSentinel();
	const result = await action();
	await assertProperties();
	return result;
}

describe('every operator action at every upgrade step', () => {
	it.each(steps.map((step, index) => [step, steps[index + 1]] as const))('at %s', async (step, following) => {
		const before = await status(step).catch(() => 'pending');

		if (following && before !== 'succeeded' && rulebook[following].needs.includes(step)) {
			const ahead = await act(() => runCli(['run', '-c', planFile, '--yes', '--only', following]));
			expect(ahead.exitCode, `--only ${following} before ${step}`).toBe(2);
			expect(ahead.stderr).toMatch(new RegExp(`refused at ${following}: ${step} has not been done in this attempt`));
		}

		if (asking.has(step)) {
			const declined = await act(() => runCli(['run', '-c', planFile, '--only', step]));
			expect(declined.exitCode, `No at ${step}`).toBe(1);
			expect(declined.stderr).toMatch(new RegExp(`paused at ${step}: \\S+ was not confirmed`));
			expect(await status(step)).toBe(before);
		}

		if (fromStops.has(step)) {
			// It runs what needs no answer, then stops at the first question (end of input is No).
			await haBackOnAfterNo(step);
			const from = await act(() => runCli(['run', '-c', planFile, '--from', step]));
			expect(from.exitCode, `--from ${step} with no answers`).toBe(1);
			expect(from.stderr).toMatch(/paused at \S+: \S+ was not confirmed/);
			if (asking.has(step) || step === 'disable-ha') expect(await status(step)).toBe(before);
		}
		await haBackOnAfterNo(step);

		for (const how of ['SIGINT', 'closed pipe'] as const) {
			const run = startCli(['run', '-c', planFile, '--yes', '--only', step]);
			await act(async () => {
				await run.waitForEvent(isStep(step));
				if (how === 'SIGINT') run.process.kill('SIGINT');
				else run.process.stdout!.destroy();
				// 130; or 0 when a quick step had already finished the run before the interruption landed.
				const code = await run.exit;
				expect(
					code === 130 || (code === 0 && (await status(step)) === 'succeeded'),
					`${how} at ${step}: exit ${code}, ${run.stderr()}`,
				).toBe(true);
			});
			// An interrupted disable-ha ends before stop-old, so HA is put back and the step is pending again.
			expect(step === 'disable-ha' ? ['pending', 'succeeded'] : ['interrupted', 'succeeded']).toContain(
				await status(step),
			);
			if ((await status(step)) === 'succeeded') break;
		}

		if ((await status(step)) !== 'succeeded') {
			const killed = startCli(['run', '-c', planFile, '--yes', '--only', step]);
			await act(async () => {
				await killed.waitForEvent(isStep(step));
				killed.process.kill('SIGKILL');
				await killed.exit;
			});
			expect(['running', 'succeeded']).toContain(await status(step));
		}

		const done = await act(() => runCli(['run', '-c', planFile, '--yes', '--only', step]));
		expect(done.exitCode, `${step} after everything above: ${done.stderr}`).toBe(0);
		expect(await status(step)).toBe('succeeded');
	});

	it('ends upgraded, every sentinel row kept, and says so', async () => {
		const finished = await act(() => runCli(['run', '-c', planFile, '--yes']));
		expect(finished.exitCode).toBe(0);
		expect(finished.stdout).toMatch(/already upgraded to 4\.2\.9-CE by attempt/);
		for (const index of hosts.keys()) {
			expect((await lab.docker(index).listContainers({all: true})).map(c => `${c.Names[0]} ${c.State}`).sort()).toEqual(
				['/oms_428 exited', '/oms_428_429 running'],
			);
		}
	});
});

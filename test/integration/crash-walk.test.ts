import {stat} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startCli} from '../helpers/cli.js';
import {pointName, selectPoints} from '../helpers/crash-points.js';
import {
	expectCrashInvariants,
	expectInitOncePerRegion,
	initDone,
	killAt,
	readJournal,
	type Landing,
} from '../helpers/crash-walk.js';
import {expectRolledBack, expectUpgraded, haConfig} from '../helpers/end-state.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/**
 * The crash walk: the upgrade, then the rollback, killed with SIGKILL inside every step and at every step's
 * end, each time resumed by the next run, with the invariants checked after every kill and the end states
 * after the last resume. `npm test` visits a rotating subset; `npm run test:crash` the whole walk (README).
 */
const {points, description} = selectPoints(process.env);
console.log(`crash walk: ${description}`);

let lab: Lab;
let planFile: string;
let workdir: string;
let haBefore: string;
let attempt: string;
const landings: Landing[] = [];

beforeAll(async () => {
	lab = await startLab({nodes: 3, regions: 2});
	planFile = lab.state.planFile;
	workdir = join(lab.directory, 'oms-upgrade-lab');
	await lab.sql(
		`UPDATE oms_rm.oms_normal_config SET cfg_value = JSON_INSERT(cfg_value, '$.operatorNote', 'keep me') WHERE cfg_name = 'ha.config'`,
	);
	haBefore = await haConfig(lab);
});

afterAll(async () => {
	console.log(
		[
			'crash walk: where each kill landed (the step in the journal it left)',
			...landings.map(
				landing =>
					`  ${landing.point.command.padEnd(8)} ${pointName(landing.point).padEnd(22)} ${landing.reached ? `killed, step ${landing.stepStatus}` : `not reached (exit ${landing.exit})`}`,
			),
		].join('\n'),
	);
	await lab?.down();
});

/** Kills at each point of `command`, checking the invariants after each kill; the next kill's run is the resume. */
async function walk(command: 'run' | 'rollback') {
	const runs = [];
	for (const point of points.filter(candidate => candidate.command === command)) {
		const doneBefore = initDone(await readJournal(workdir));
		const landing = await killAt(planFile, workdir, point);
		landings.push(landing);
		runs.push({doneBefore, events: landing.events});
		if (landing.reached) {
			// The journal is saved before observers hear of a change: a step's end event means it is recorded.
			expect(landing.stepStatus, pointName(point)).toEqual(
				point.at === 'after' ? 'succeeded' : expect.stringMatching(/^(running|succeeded)$/),
			);
		}
		await expectCrashInvariants(lab, workdir, haBefore);
	}
	return runs;
}

describe(`the crash walk (${points.length} points)`, () => {
	it('upgrade: SIGKILL at each point, resumed by the next run; the last run ends upgraded', async () => {
		const runs = await walk('run');
		const doneBefore = initDone(await readJournal(workdir));
		const last = startCli(['run', '-c', planFile, '--yes']);
		expect(await last.exit, last.stderr()).toBe(0);
		runs.push({doneBefore, events: last.events});
		attempt = await expectUpgraded(lab, workdir, haBefore);
		expectInitOncePerRegion(lab, runs);
		await expectCrashInvariants(lab, workdir, haBefore);
	}, 1_800_000);

	it('rollback: SIGKILL at each point, resumed by the next rollback; the last one ends rolled back', async () => {
		expect(attempt, 'the upgrade walk ended upgraded').toBeDefined();
		await walk('rollback');
		// Unless the last kill came after the rollback's last step, the attempt is still open: one more rollback
		// finishes it.
		if (
			await stat(join(workdir, 'journal.json')).then(
				() => true,
				() => false,
			)
		) {
			const last = await runCli(['rollback', '-c', planFile, '--yes']);
			expect(last.exitCode, last.stderr).toBe(0);
		}
		await expectRolledBack(lab, workdir, haBefore, attempt);
		await expectCrashInvariants(lab, workdir, haBefore);
	}, 1_800_000);
});

import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../source/domain/errors.js';
import {selectSteps} from '../../source/engine/selection.js';
import {rollbackSteps, upgradeSteps} from '../../source/steps/index.js';

const ids = (steps: ReadonlyArray<{id: string}>) => steps.map(step => step.id);

describe('selectSteps', () => {
	it('keeps every step in the contract order by default', () => {
		expect(ids(selectSteps(upgradeSteps, undefined, undefined))).toEqual([
			'preflight',
			'stage-image',
			'disable-ha',
			'stop-old',
			'clean-heartbeat',
			'backup',
			'start-new',
			'init',
			'verify',
			'enable-ha',
		]);
		expect(ids(selectSteps(rollbackSteps, undefined, undefined))).toEqual([
			'rb-disable-ha',
			'rb-stop-new',
			'rb-restore',
			'rb-start-old',
			'rb-verify',
			'rb-restore-ha',
		]);
	});

	it('--from starts at the step, --only runs just it', () => {
		expect(ids(selectSteps(upgradeSteps, 'init', undefined))).toEqual(['init', 'verify', 'enable-ha']);
		expect(ids(selectSteps(rollbackSteps, undefined, 'rb-restore'))).toEqual(['rb-restore']);
	});

	it('refuses unknown ids, ids of the other command, and both options at once', () => {
		expect(() => selectSteps(upgradeSteps, 'backupp', undefined)).toThrow(
			new ConfigError(
				'--from "backupp" is not a step of this command; expected one of preflight, stage-image, disable-ha, stop-old, clean-heartbeat, backup, start-new, init, verify, enable-ha.',
			),
		);
		expect(() => selectSteps(upgradeSteps, undefined, 'rb-restore')).toThrow(
			/^--only "rb-restore" is not a step of this command/,
		);
		expect(() => selectSteps(upgradeSteps, 'init', 'verify')).toThrow(
			'--from and --only cannot be combined; pick one.',
		);
		try {
			selectSteps(upgradeSteps, 'nope', undefined);
		} catch (error) {
			expect((error as ConfigError).exitCode).toBe(2);
		}
	});
});

describe('the question before a resumed node step', () => {
	it('names only the nodes the step has left to do: start-new failed on one node, then resumed', async () => {
		const {FakeCluster} = await import('../helpers/fakes/fake-cluster.js');
		const {fakeRun} = await import('../helpers/fakes/fake-run.js');
		const cluster = new FakeCluster({nodes: 3});
		cluster.log.failAt = call =>
			call.port === 'docker' && call.node === '10.0.0.3' && call.what.includes('createContainer')
				? new Error('no space left on device')
				: undefined;
		const first = await fakeRun(cluster, 'run', {});
		expect(first.result.outcome).toBe('failed');
		const asked = first.journal.answers?.find(answer => answer.step === 'start-new')?.question;
		expect(asked).toMatch(
			/create and start oms_428_429@10\.0\.0\.2, oms_428_429@10\.0\.0\.3, oms_428_429@10\.0\.0\.4 /,
		);
		cluster.log.failAt = undefined;
		const second = await fakeRun(cluster, 'run', {journal: first.journal});
		expect(second.result.outcome).toBe('succeeded');
		const resumed = second.journal.answers?.filter(answer => answer.step === 'start-new').at(-1)?.question;
		expect(resumed).toMatch(/^start-new: create and start oms_428_429@10\.0\.0\.3 from /);
	});
});

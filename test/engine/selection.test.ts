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

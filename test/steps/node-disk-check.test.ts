import {describe, expect, it} from 'vitest';
import {dfAvailableBytes} from '../../source/steps/checks/node-disk-check.js';

describe('dfAvailableBytes', () => {
	it("reads busybox's and coreutils' df -Pk", () => {
		expect(
			dfAvailableBytes([
				'Filesystem           1024-blocks    Used Available Capacity Mounted on',
				'overlay               41152736 9876543  29163456  25% /',
			]),
		).toBe(29163456 * 1024);
		expect(
			dfAvailableBytes([
				'Filesystem     1024-blocks     Used Available Capacity Mounted on',
				'overlay         102626232 52305912  45065036      54% /',
				'',
			]),
		).toBe(45065036 * 1024);
	});

	it('is undefined for words it cannot read', () => {
		expect(dfAvailableBytes(['df: /: No such file or directory'])).toBeUndefined();
		expect(dfAvailableBytes([])).toBeUndefined();
	});
});

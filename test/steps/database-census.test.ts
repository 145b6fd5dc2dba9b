import {describe, expect, it} from 'vitest';
import {censusDifferences} from '../../source/steps/database-census.js';

describe('censusDifferences', () => {
	it('is empty when every table holds as many rows as dumped', () => {
		expect(censusDifferences('oms_rm', {a: 1, b: 0}, {b: 0, a: 1})).toEqual([]);
	});

	it('names each table that differs, is missing or was not dumped', () => {
		expect(censusDifferences('oms_rm', {a: 3, gone: 2}, {a: 1, extra: 4})).toEqual([
			'oms_rm.a has 1 rows, the dump had 3',
			'oms_rm.extra exists after the restore but was not dumped',
			'oms_rm.gone is missing after the restore (2 rows were dumped)',
		]);
	});
});

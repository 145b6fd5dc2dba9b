import {describe, expect, it} from 'vitest';
import {
	enableHaChanges,
	haMatches,
	parseHaConfig,
	refetchCoversDowntime,
	refetchMinutes,
	withHaKeys,
} from '../../source/domain/ha-config.js';

describe('parseHaConfig', () => {
	it('parses a JSON object', () => {
		expect(parseHaConfig('{"enable":true,"checkInterval":30}')).toEqual({enable: true, checkInterval: 30});
	});

	it('parses an empty object', () => {
		expect(parseHaConfig('{}')).toEqual({});
	});

	it.each(['[1,2]', '[]', 'null', '42', '"text"', 'true'])('is undefined for the non-object JSON %s', text => {
		expect(parseHaConfig(text)).toBeUndefined();
	});

	it.each(['', '{', '{enable: true}', 'not json'])('is undefined for the invalid JSON %j', text => {
		expect(parseHaConfig(text)).toBeUndefined();
	});
});

describe('withHaKeys', () => {
	it('changes only the named keys and keeps unknown keys in their order', () => {
		const found = parseHaConfig('{"enable":false,"vendorKey":{"a":1},"refetchStoreIntervalMin":5,"zeta":"z"}')!;
		expect(withHaKeys(found, {enable: true, refetchStoreIntervalMin: 90})).toBe(
			'{"enable":true,"vendorKey":{"a":1},"refetchStoreIntervalMin":90,"zeta":"z"}',
		);
	});

	it('appends keys the stored config did not have', () => {
		expect(withHaKeys({enable: false, other: 'x'}, {perceiveStoreClientCheckpoint: true})).toBe(
			'{"enable":false,"other":"x","perceiveStoreClientCheckpoint":true}',
		);
	});

	it('writes the found config unchanged when there are no changes', () => {
		expect(withHaKeys({b: 1, a: 2}, {})).toBe('{"b":1,"a":2}');
	});

	it('does not modify its arguments', () => {
		const found = {enable: false};
		withHaKeys(found, {enable: true});
		expect(found).toEqual({enable: false});
	});
});

describe('haMatches', () => {
	it('is true when every expected key holds its value', () => {
		expect(
			haMatches({enable: true, refetchStoreIntervalMin: 90, other: 'x'}, {enable: true, refetchStoreIntervalMin: 90}),
		).toBe(true);
	});

	it('is false when a value differs', () => {
		expect(haMatches({enable: true, refetchStoreIntervalMin: 60}, {enable: true, refetchStoreIntervalMin: 90})).toBe(
			false,
		);
	});

	it('is false when an expected key is missing', () => {
		expect(haMatches({enable: true}, {enable: true, perceiveStoreClientCheckpoint: true})).toBe(false);
	});

	it('does not treat a string as the same value as a boolean', () => {
		expect(haMatches({enable: 'true'}, {enable: true})).toBe(false);
	});

	it('is true for no expectations', () => {
		expect(haMatches({enable: false}, {})).toBe(true);
	});
});

describe('refetchMinutes', () => {
	const t1 = new Date('2024-05-01T16:00:00Z');

	it('is the downtime in minutes plus the margin', () => {
		expect(refetchMinutes(t1, new Date('2024-05-01T17:00:00Z'), 30)).toBe(90);
	});

	it('rounds a partial minute up', () => {
		expect(refetchMinutes(t1, new Date('2024-05-01T16:01:01Z'), 30)).toBe(32);
		expect(refetchMinutes(t1, new Date('2024-05-01T16:01:01Z'), 0)).toBe(2);
	});

	it('counts an exact minute as one', () => {
		expect(refetchMinutes(t1, new Date('2024-05-01T16:01:00Z'), 10)).toBe(11);
	});

	it('is the margin only when T1 is unknown', () => {
		expect(refetchMinutes(undefined, new Date('2024-05-01T17:00:00Z'), 30)).toBe(30);
	});

	it('does not go below the margin when T2 precedes T1', () => {
		expect(refetchMinutes(t1, new Date('2024-05-01T15:00:00Z'), 30)).toBe(30);
	});
});

describe('enableHaChanges', () => {
	const t1 = new Date('2024-05-01T16:00:00Z');
	const t2 = new Date('2024-05-01T17:00:00Z');

	it('follows downstream checkpoints with perceive', () => {
		expect(enableHaChanges('perceive', t1, t2, 30)).toEqual({enable: true, perceiveStoreClientCheckpoint: true});
	});

	it('refetches far enough back with refetch', () => {
		expect(enableHaChanges('refetch', t1, t2, 30)).toEqual({enable: true, refetchStoreIntervalMin: 90});
	});

	it('refetches the margin only when T1 is unknown', () => {
		expect(enableHaChanges('refetch', undefined, t2, 15)).toEqual({enable: true, refetchStoreIntervalMin: 15});
	});
});

describe('enableHaChanges keeps a larger value found', () => {
	const t1 = new Date('2024-05-01T16:00:00Z');
	const t2 = new Date('2024-05-01T17:00:00Z');

	it('takes the value found when it already covers the downtime', () => {
		expect(enableHaChanges('refetch', t1, t2, 30, {refetchStoreIntervalMin: 240})).toEqual({
			enable: true,
			refetchStoreIntervalMin: 240,
		});
		expect(enableHaChanges('refetch', t1, t2, 30, {refetchStoreIntervalMin: 30})).toEqual({
			enable: true,
			refetchStoreIntervalMin: 90,
		});
	});

	it('judges a value against the guide: greater than T2 - T1', () => {
		expect(refetchCoversDowntime(61, t1, t2)).toBe(true);
		expect(refetchCoversDowntime(60, t1, t2)).toBe(false);
		expect(refetchCoversDowntime('90', t1, t2)).toBe(false);
	});
});

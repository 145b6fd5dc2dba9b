import {describe, expect, it} from 'vitest';
import {compareBinds, formatBind, parseBind} from '../../source/domain/binds.js';

describe('parseBind', () => {
	it('reads host:container', () => {
		expect(parseBind('/data/oms/logs:/home/admin/logs')).toEqual({
			source: '/data/oms/logs',
			target: '/home/admin/logs',
			options: '',
		});
	});

	it('reads host:container:options', () => {
		expect(parseBind('/data/oms/config.yaml:/home/admin/conf/config.yaml:ro')).toEqual({
			source: '/data/oms/config.yaml',
			target: '/home/admin/conf/config.yaml',
			options: 'ro',
		});
	});

	it('keeps compound options whole', () => {
		expect(parseBind('/a:/b:ro,z')).toEqual({source: '/a', target: '/b', options: 'ro,z'});
	});
});

describe('formatBind', () => {
	it('writes host:container without options', () => {
		expect(formatBind({source: '/data/store', target: '/home/ds/store', options: ''})).toBe(
			'/data/store:/home/ds/store',
		);
	});

	it('writes host:container:options with options', () => {
		expect(formatBind({source: '/data/store', target: '/home/ds/store', options: 'rw'})).toBe(
			'/data/store:/home/ds/store:rw',
		);
	});

	it.each(['/data/logs:/home/admin/logs', '/c.yaml:/home/admin/conf/config.yaml:ro', '/a:/b:ro,z'])(
		'round-trips %s',
		text => {
			expect(formatBind(parseBind(text))).toBe(text);
		},
	);
});

describe('compareBinds', () => {
	it('lines up same, differing, only-old and only-new targets in old-then-new order', () => {
		const oldBinds = ['/data/logs:/home/admin/logs', '/old/store:/home/ds/store', '/data/run:/home/ds/run'].map(
			parseBind,
		);
		const newBinds = [
			'/data/logs:/home/admin/logs',
			'/new/store:/home/ds/store',
			'/c.yaml:/home/admin/conf/config.yaml:ro',
		].map(parseBind);
		expect(compareBinds(oldBinds, newBinds)).toEqual([
			{target: '/home/admin/logs', old: '/data/logs:/home/admin/logs', new: '/data/logs:/home/admin/logs', same: true},
			{target: '/home/ds/store', old: '/old/store:/home/ds/store', new: '/new/store:/home/ds/store', same: false},
			{target: '/home/ds/run', old: '/data/run:/home/ds/run', new: undefined, same: false},
			{
				target: '/home/admin/conf/config.yaml',
				old: undefined,
				new: '/c.yaml:/home/admin/conf/config.yaml:ro',
				same: false,
			},
		]);
	});

	it('counts a change of options as a difference', () => {
		expect(compareBinds([parseBind('/a:/b')], [parseBind('/a:/b:ro')])).toEqual([
			{target: '/b', old: '/a:/b', new: '/a:/b:ro', same: false},
		]);
	});

	it('is empty for no binds', () => {
		expect(compareBinds([], [])).toEqual([]);
	});
});

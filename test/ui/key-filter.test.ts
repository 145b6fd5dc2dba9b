import {describe, expect, it} from 'vitest';
import {KeyFilter} from '../../source/ui/key-filter.js';

describe('KeyFilter', () => {
	it('maps Ink keys to presses', () => {
		const filter = new KeyFilter();
		expect(filter.accept('', {return: true}, 0)).toEqual([{kind: 'enter'}]);
		expect(filter.accept('', {upArrow: true}, 0)).toEqual([{kind: 'up'}]);
		expect(filter.accept('c', {ctrl: true}, 0)).toEqual([{kind: 'ctrl-c'}]);
		expect(filter.accept('R', {}, 0)).toEqual([{kind: 'char', char: 'R'}]);
	});

	it('splits keys that arrive in one read into one press each', () => {
		const filter = new KeyFilter();
		expect(filter.accept('kk', {}, 0)).toEqual([
			{kind: 'char', char: 'k'},
			{kind: 'char', char: 'k'},
		]);
		expect(filter.accept('h?', {}, 0)).toEqual([
			{kind: 'char', char: 'h'},
			{kind: 'char', char: '?'},
		]);
		expect(filter.accept('\u007F\u007F', {backspace: true}, 0)).toEqual([{kind: 'backspace'}, {kind: 'backspace'}]);
		expect(filter.accept('ab\r', {}, 0)).toEqual([{kind: 'char', char: 'a'}, {kind: 'char', char: 'b'}, {kind: 'enter'}]);
		expect(filter.accept('rollback', {}, 0)).toHaveLength(8);
	});

	it('drops what follows an escape within 150 ms: the tail of a split sequence', () => {
		const filter = new KeyFilter();
		expect(filter.accept('', {escape: true}, 1000)).toEqual([{kind: 'escape'}]);
		expect(filter.accept('[1;5R', {}, 1040)).toEqual([]);
		expect(filter.accept('R', {}, 1100)).toEqual([]);
		expect(filter.accept('R', {}, 1151)).toEqual([{kind: 'char', char: 'R'}]);
		expect(filter.accept('\u001B[1;5', {escape: true}, 2000)).toEqual([]);
		expect(filter.accept('R', {}, 2050)).toEqual([]);
	});

	it('ignores control characters that are not keys', () => {
		expect(new KeyFilter().accept('\u0007', {}, 0)).toEqual([]);
	});
});

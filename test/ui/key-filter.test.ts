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
		expect(filter.accept('ab\r', {}, 0)).toEqual([
			{kind: 'char', char: 'a'},
			{kind: 'char', char: 'b'},
			{kind: 'enter'},
		]);
		expect(filter.accept('rollback', {}, 0)).toHaveLength(8);
	});

	it('drops the tail of an escape sequence split across reads, up to its final byte', () => {
		const filter = new KeyFilter();
		expect(filter.accept('', {escape: true}, 1000)).toEqual([{kind: 'escape'}]);
		expect(filter.accept('[1;5R', {}, 1040)).toEqual([]);
		// The sequence ended at R: the next R is a key.
		expect(filter.accept('R', {}, 1100)).toEqual([{kind: 'char', char: 'R'}]);
		// Cut three times: ESC | [1; | 5R.
		expect(filter.accept('', {escape: true}, 2000)).toEqual([{kind: 'escape'}]);
		expect(filter.accept('[1;', {}, 2010)).toEqual([]);
		expect(filter.accept('5R', {}, 2020)).toEqual([]);
		// ESC [ arrives with the escape, the rest after it; what follows the final byte in that read is a key.
		expect(filter.accept('\u001B[1;5', {escape: true}, 3000)).toEqual([]);
		expect(filter.accept('Rk', {}, 3050)).toEqual([{kind: 'char', char: 'k'}]);
		// SS3 (ESC O P, F1) split after the O.
		expect(filter.accept('\u001BO', {escape: true}, 4000)).toEqual([]);
		expect(filter.accept('P', {}, 4010)).toEqual([]);
	});

	it('takes a key typed right after esc for a key: esc closes a view, X opens the rollback question', () => {
		const filter = new KeyFilter();
		expect(filter.accept('', {escape: true}, 1000)).toEqual([{kind: 'escape'}]);
		expect(filter.accept('X', {}, 1030)).toEqual([{kind: 'char', char: 'X'}]);
		expect(filter.accept('', {escape: true}, 2000)).toEqual([{kind: 'escape'}]);
		expect(filter.accept('q', {}, 2001)).toEqual([{kind: 'char', char: 'q'}]);
	});

	it('forgets an unfinished sequence after 150 ms: a later [ or R is a key', () => {
		const filter = new KeyFilter();
		filter.accept('', {escape: true}, 1000);
		expect(filter.accept('[', {}, 1151)).toEqual([{kind: 'char', char: '['}]);
		filter.accept('\u001B[1;', {escape: true}, 2000);
		expect(filter.accept('R', {}, 2200)).toEqual([{kind: 'char', char: 'R'}]);
	});

	it('ignores control characters that are not keys', () => {
		expect(new KeyFilter().accept('\u0007', {}, 0)).toEqual([]);
	});
});

import {describe, expect, it} from 'vitest';
import {KeyFilter} from '../../source/ui/key-filter.js';

describe('KeyFilter', () => {
	it('maps Ink keys to presses', () => {
		const filter = new KeyFilter();
		expect(filter.accept('', {return: true}, 0)).toEqual({kind: 'enter'});
		expect(filter.accept('', {upArrow: true}, 0)).toEqual({kind: 'up'});
		expect(filter.accept('c', {ctrl: true}, 0)).toEqual({kind: 'ctrl-c'});
		expect(filter.accept('R', {}, 0)).toEqual({kind: 'char', char: 'R'});
		expect(filter.accept('rollback', {}, 0)).toEqual({kind: 'text', text: 'rollback'});
	});

	it('drops what follows an escape within 150 ms: the tail of a split sequence', () => {
		const filter = new KeyFilter();
		expect(filter.accept('', {escape: true}, 1000)).toEqual({kind: 'escape'});
		expect(filter.accept('[1;5R', {}, 1040)).toBeUndefined();
		expect(filter.accept('R', {}, 1100)).toBeUndefined();
		expect(filter.accept('R', {}, 1151)).toEqual({kind: 'char', char: 'R'});
		expect(filter.accept('\u001B[1;5', {escape: true}, 2000)).toBeUndefined();
		expect(filter.accept('R', {}, 2050)).toBeUndefined();
	});

	it('ignores control characters that are not keys', () => {
		expect(new KeyFilter().accept('\u0007', {}, 0)).toBeUndefined();
	});
});

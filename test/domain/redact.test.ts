import {describe, expect, it} from 'vitest';
import {redact, redactedText, registerSecret} from '../../source/domain/redact.js';

describe('redact', () => {
	it('uses *** as the replacement', () => {
		expect(redactedText).toBe('***');
	});

	it('leaves text alone when it holds no secret', () => {
		expect(redact('nothing to hide here')).toBe('nothing to hide here');
	});

	it('replaces every occurrence of a registered secret', () => {
		registerSecret('hunter2-r1');
		expect(redact('password=hunter2-r1; again hunter2-r1hunter2-r1.')).toBe('password=***; again ******.');
	});

	it('replaces several registered secrets', () => {
		registerSecret('alpha-r2');
		registerSecret('beta-r2');
		expect(redact('alpha-r2 / beta-r2')).toBe('*** / ***');
	});

	it('treats secrets with regular-expression characters literally', () => {
		registerSecret('a.b*c(r3)');
		expect(redact('x a.b*c(r3) y aXbbc(r3)')).toBe('x *** y aXbbc(r3)');
	});

	it('does not register secrets shorter than 3 characters', () => {
		registerSecret('q7');
		registerSecret('');
		registerSecret(undefined);
		expect(redact('q7 is short')).toBe('q7 is short');
	});

	it('registers a secret of exactly 3 characters', () => {
		registerSecret('z9#');
		expect(redact('key z9#!')).toBe('key ***!');
	});
});

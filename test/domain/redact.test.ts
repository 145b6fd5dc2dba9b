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

	it('redacts a secret shorter than 3 characters only where it stands as a password value', () => {
		registerSecret('q7');
		registerSecret('');
		registerSecret(undefined);
		expect(redact('q7 is short')).toBe('q7 is short');
		expect(redact('password=q7 user=q7x')).toBe('password=*** user=q7x');
		expect(redact('{"password": "q7", "port": 2883}')).toBe('{"password": "***", "port": 2883}');
		expect(redact('metaPassword: q7')).toBe('metaPassword: ***');
		expect(redact('mysql -uroot -pq7 -h 10.0.0.1')).toBe('mysql -uroot -p*** -h 10.0.0.1');
		expect(redact('password=q77')).toBe('password=q77');
	});

	it('redacts a secret escaped in a JSON string, a SQL literal or a shell literal', () => {
		const secret = `all #=;"' \\ of them-r5`;
		registerSecret(secret);
		expect(redact(JSON.stringify({detail: `auth with ${secret} failed`}))).toBe('{"detail":"auth with *** failed"}');
		expect(redact(`IDENTIFIED BY '${secret.replace(/'/g, "''")}'`)).toBe("IDENTIFIED BY '***'");
		expect(redact(`IDENTIFIED BY '${secret.replace(/[\\'"]/g, c => `\\${c}`)}'`)).toBe("IDENTIFIED BY '***'");
		expect(redact(`-e 'pw=${secret.replace(/'/g, "'\\''")}'`)).toBe("-e 'pw=***'");
		expect(redact(secret)).toBe('***');
	});

	it('registers a secret of exactly 3 characters', () => {
		registerSecret('z9#');
		expect(redact('key z9#!')).toBe('key ***!');
	});
});

import {describe, expect, it} from 'vitest';
import {operatorDetail, operatorFrom, operatorText} from '../../source/domain/operator.js';

describe('the operator', () => {
	it('takes the SSH session from SSH_CONNECTION, else SSH_CLIENT, and says local without one', () => {
		const both = operatorFrom('dba', 'jump1', {
			SSH_CONNECTION: '10.9.8.7 51022 10.0.0.1 22',
			SSH_CLIENT: '10.9.8.7 51022 22',
		});
		expect(operatorText(both)).toBe('dba@jump1 (ssh from 10.9.8.7:51022)');
		expect(operatorText(operatorFrom('dba', 'jump1', {SSH_CLIENT: '10.1.1.1 40000 22'}))).toBe(
			'dba@jump1 (ssh from 10.1.1.1:40000)',
		);
		const local = operatorFrom('root', 'jump2', {SSH_CLIENT: ' '});
		expect(local).toEqual({user: 'root', host: 'jump2', sshConnection: null, sshClient: null});
		expect(operatorText(local)).toBe('root@jump2 (local)');
		expect(operatorDetail(local)).toBe('root@jump2, no SSH session');
		expect(operatorText(null)).toBe('unknown');
	});
});

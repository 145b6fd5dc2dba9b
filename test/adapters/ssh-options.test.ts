import {describe, expect, it} from 'vitest';
import {lastLines} from '../../source/adapters/ssh-errors.js';
import {sshOptions, tunnelArguments} from '../../source/adapters/ssh-options.js';

describe('the ssh command line', () => {
	it('leaves user, port, config, known_hosts and keys to OpenSSH when the plan names none', () => {
		expect(sshOptions({user: undefined, host: 'oms-node-0', port: undefined}, undefined, 10)).toEqual([
			'-o',
			'BatchMode=yes',
			'-o',
			'StrictHostKeyChecking=yes',
			'-o',
			'UpdateHostKeys=no',
			'-o',
			'ConnectTimeout=10',
		]);
	});

	it("uses exactly the plan's files and the endpoint's user and port when given", () => {
		const files = {config: '/p/ssh_config', knownHosts: '/p/known_hosts', identity: '/p/id_ed25519'};
		expect(sshOptions({user: 'admin', host: '10.0.0.2', port: 2222}, files, 5)).toEqual([
			'-F',
			'/p/ssh_config',
			'-o',
			'BatchMode=yes',
			'-o',
			'StrictHostKeyChecking=yes',
			'-o',
			'UpdateHostKeys=no',
			'-o',
			'ConnectTimeout=5',
			'-o',
			'UserKnownHostsFile=/p/known_hosts',
			'-o',
			'GlobalKnownHostsFile=/dev/null',
			'-o',
			'IdentitiesOnly=yes',
			'-i',
			'/p/id_ed25519',
			'-l',
			'admin',
			'-p',
			'2222',
		]);
	});

	it("holds one connection forwarding the node's Docker socket, with the host after `--`", () => {
		const argv = tunnelArguments(
			{user: undefined, host: 'oms-node-0', port: undefined},
			undefined,
			10,
			'/tmp/d/1.sock',
		);
		expect(argv.slice(-6)).toEqual(['-N', '-T', '-L', '/tmp/d/1.sock:/var/run/docker.sock', '--', 'oms-node-0']);
		expect(argv).toContain('ControlPath=none');
		expect(argv).toContain('ExitOnForwardFailure=yes');
	});
});

describe('lastLines', () => {
	it('keeps the last two things ssh said, without the warning banner', () => {
		const said =
			'@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nOffending key in /k:1\r\nHost key for 10.0.0.3 has changed and you have requested strict checking.\r\nHost key verification failed.\r\n';
		expect(lastLines(said)).toBe(
			'Host key for 10.0.0.3 has changed and you have requested strict checking. Host key verification failed',
		);
		expect(lastLines('')).toBe('');
	});
});

import {existsSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {deadHolder, thisMachine} from '../../source/adapters/metadb-lease.js';

const here = 'aaaa/boot-1';

describe('deadHolder (whether a lease that has not expired may be taken over at once)', () => {
	it('is dead when it is on this machine and boot and its pid is gone', () => {
		expect(deadHolder({holder_machine: here, pid: 41}, here, () => false)).toBe(
			'its process (pid 41) is gone from this host',
		);
	});

	it('lives when its pid lives on this machine and boot', () => {
		expect(deadHolder({holder_machine: here, pid: 41}, here, () => true)).toBeUndefined();
	});

	it('is dead when this machine has rebooted since (whatever holds that pid now)', () => {
		expect(deadHolder({holder_machine: 'aaaa/boot-0', pid: 41}, here, () => true)).toBe(
			'this host has rebooted since it took the lease',
		);
	});

	it('is never judged on another machine, or where either side could not tell its machine', () => {
		expect(deadHolder({holder_machine: 'bbbb/boot-9', pid: 41}, here, () => false)).toBeUndefined();
		expect(deadHolder({holder_machine: '', pid: 41}, here, () => false)).toBeUndefined();
		expect(deadHolder({holder_machine: here, pid: 41}, '', () => false)).toBeUndefined();
		// Without machine ids, the boot id alone still tells this boot (and nothing else).
		expect(deadHolder({holder_machine: '/boot-1', pid: 41}, '/boot-1', () => false)).toBe(
			'its process (pid 41) is gone from this host',
		);
		expect(deadHolder({holder_machine: '/boot-0', pid: 41}, '/boot-1', () => false)).toBeUndefined();
	});

	it('reads this machine as machine-id/boot-id (the machine id may be empty), or nothing without a boot id', () => {
		const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
		const machine = read('/etc/machine-id') || read('/var/lib/dbus/machine-id');
		const boot = read('/proc/sys/kernel/random/boot_id');
		expect(thisMachine()).toBe(boot ? `${machine}/${boot}` : '');
	});
});

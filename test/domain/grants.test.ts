import {describe, expect, it} from 'vitest';
import {missingPrivileges, neededPrivileges} from '../../source/domain/grants.js';

const all = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'LOCK TABLES'];

describe('missingPrivileges', () => {
	it('needs exactly these privileges', () => {
		expect([...neededPrivileges]).toEqual(all);
	});

	it('lacks nothing with ALL PRIVILEGES on *.*', () => {
		expect(missingPrivileges(["GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION"], 'oms_rm')).toEqual([]);
	});

	it('lacks nothing with ALL on the database itself', () => {
		expect(missingPrivileges(['GRANT ALL ON `oms_rm`.* TO `u`@`%`'], 'oms_rm')).toEqual([]);
	});

	it('counts a database-scoped grant written with backquotes', () => {
		expect(missingPrivileges(['GRANT USAGE ON *.* TO `u`@`%`', 'GRANT SELECT, INSERT ON `oms_rm`.* TO `u`@`%`'], 'oms_rm')).toEqual([
			'UPDATE',
			'DELETE',
			'CREATE',
			'DROP',
			'ALTER',
			'INDEX',
			'LOCK TABLES',
		]);
	});

	it('does not count a grant on another database', () => {
		expect(missingPrivileges(['GRANT ALL PRIVILEGES ON `oms_cm`.* TO `u`@`%`'], 'oms_rm')).toEqual(all);
	});

	it('does not count a table-level grant', () => {
		expect(missingPrivileges(['GRANT ALL PRIVILEGES ON `oms_rm`.`host` TO `u`@`%`'], 'oms_rm')).toEqual(all);
	});

	it('lacks everything with USAGE only', () => {
		expect(missingPrivileges(["GRANT USAGE ON *.* TO 'u'@'%'"], 'oms_rm')).toEqual(all);
	});

	it('adds up global and database grants, comma lists with and without spaces, in any case', () => {
		expect(
			missingPrivileges(
				["GRANT select,insert,Update ON *.* TO 'u'@'%'", 'GRANT DELETE, CREATE, DROP, LOCK TABLES ON `oms_rm`.* TO `u`@`%`'],
				'oms_rm',
			),
		).toEqual(['ALTER', 'INDEX']);
	});

	it('ignores lines that are not grants', () => {
		expect(missingPrivileges(['', "REVOKE SELECT ON *.* FROM 'u'@'%'", 'something else'], 'oms_rm')).toEqual(all);
	});
});

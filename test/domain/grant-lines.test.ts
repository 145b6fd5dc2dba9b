import {describe, expect, it} from 'vitest';
import {parseGrantLine, parseRoleList} from '../../source/domain/grant-lines.js';

const user = {name: 'oms_meta', host: '%'};

describe('parseGrantLine', () => {
	it.each([
		// MySQL 5.7
		["GRANT USAGE ON *.* TO 'oms_meta'@'%'", {privileges: ['USAGE'], target: {level: 'global'}}],
		[
			"GRANT ALL PRIVILEGES ON `oms\\_%`.* TO 'oms_meta'@'%'",
			{privileges: ['ALL PRIVILEGES'], target: {level: 'database', database: 'oms\\_%'}},
		],
		[
			"GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, LOCK TABLES ON `oms_rm`.* TO 'oms_meta'@'%'",
			{
				privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'INDEX', 'ALTER', 'LOCK TABLES'],
				target: {level: 'database', database: 'oms_rm'},
			},
		],
		// MySQL 8.0, with dynamic privileges written without spaces
		[
			'GRANT BACKUP_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `oms_meta`@`%` WITH GRANT OPTION',
			{privileges: ['BACKUP_ADMIN', 'SYSTEM_VARIABLES_ADMIN'], target: {level: 'global'}},
		],
		[
			'GRANT SELECT (`ip`), UPDATE (`host_status`) ON `oms_cm`.`host` TO `oms_meta`@`%`',
			{privileges: ['SELECT', 'UPDATE'], columns: true, target: {level: 'table', database: 'oms_cm', name: 'host'}},
		],
		[
			'GRANT EXECUTE ON PROCEDURE `oms_rm`.`p1` TO `oms_meta`@`%`',
			{privileges: ['EXECUTE'], target: {level: 'routine', database: 'oms_rm', name: 'p1'}},
		],
		[
			'REVOKE DROP ON `oms_rm`.* FROM `oms_meta`@`%`',
			{revoke: true, privileges: ['DROP'], target: {level: 'database', database: 'oms_rm'}},
		],
		// MariaDB 10.x
		[
			"GRANT USAGE ON *.* TO `oms_meta`@`%` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'",
			{privileges: ['USAGE'], target: {level: 'global'}},
		],
		// OceanBase (MySQL mode): no host when it is %, ALL PRIVILEGES spelled out at the database level
		[
			"GRANT ALTER, CREATE, DELETE, DROP, INSERT, UPDATE, SELECT, INDEX, CREATE VIEW, SHOW VIEW ON `oms_rm`.* TO 'oms_meta'",
			{
				privileges: [
					'ALTER',
					'CREATE',
					'DELETE',
					'DROP',
					'INSERT',
					'UPDATE',
					'SELECT',
					'INDEX',
					'CREATE VIEW',
					'SHOW VIEW',
				],
				target: {level: 'database', database: 'oms_rm'},
				grantee: {name: 'oms_meta', host: undefined},
			},
		],
		[
			"GRANT PROXY ON ''@'' TO 'root'@'localhost' WITH GRANT OPTION",
			{privileges: ['PROXY'], target: {level: 'other'}, grantee: {name: 'root', host: 'localhost'}},
		],
		[
			'GRANT SELECT ON oms_rm.* TO oms_meta@`%`',
			{privileges: ['SELECT'], target: {level: 'database', database: 'oms_rm'}},
		],
	])('%s', (line, expected) => {
		expect(parseGrantLine(line)).toEqual({
			kind: 'privileges',
			revoke: false,
			columns: false,
			grantee: user,
			...expected,
		});
	});

	it.each([
		['GRANT `oms_role`@`%` TO `oms_meta`@`%`', 'roles', [{name: 'oms_role', host: '%'}]],
		['GRANT `oms_role` TO `oms_meta`@`%`', 'roles', [{name: 'oms_role', host: undefined}]],
		[
			'GRANT `r1`@`%`,`r2`@`%` TO `oms_meta`@`%` WITH ADMIN OPTION',
			'roles',
			[
				{name: 'r1', host: '%'},
				{name: 'r2', host: '%'},
			],
		],
		['SET DEFAULT ROLE `oms_role` FOR `oms_meta`@`%`', 'default-roles', [{name: 'oms_role', host: undefined}]],
		['SET DEFAULT ROLE NONE FOR `oms_meta`@`%`', 'default-roles', []],
	])('%s', (line, kind, roles) => {
		expect(parseGrantLine(line)).toEqual({kind, roles, grantee: user});
	});

	it('attributes a role line to the role', () => {
		expect(parseGrantLine('GRANT ALL PRIVILEGES ON `oms_cm`.* TO `oms_role`')).toMatchObject({
			grantee: {name: 'oms_role', host: undefined},
		});
	});

	it('keeps quotes, backquotes and @ inside names', () => {
		expect(parseGrantLine("GRANT USAGE ON *.* TO 'o''k@x#y'@'10.0.%'")).toMatchObject({
			grantee: {name: "o'k@x#y", host: '10.0.%'},
		});
		expect(parseGrantLine('GRANT SELECT ON `we``ird`.* TO `u`@`%`')).toMatchObject({
			target: {level: 'database', database: 'we`ird'},
		});
	});

	it.each([
		'',
		'something else',
		'GRANT SELECT ON `oms_rm`.* TO',
		'GRANT SELECT ON `oms_rm TO `u`',
		'GRANT ON *.* TO `u`@`%`',
		'GRANT SELECT ON a.b.c TO `u`@`%`',
	])('%j is unknown', line => {
		expect(parseGrantLine(line)).toEqual({kind: 'unknown'});
	});
});

describe('parseRoleList', () => {
	it.each([
		[null, []],
		['NONE', []],
		['oms_role', [{name: 'oms_role', host: undefined}]],
		[
			'`r1`@`%`,`r2`@`localhost`',
			[
				{name: 'r1', host: '%'},
				{name: 'r2', host: 'localhost'},
			],
		],
	])('%j', (text, roles) => {
		expect(parseRoleList(text)).toEqual(roles);
	});
});

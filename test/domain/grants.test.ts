import {describe, expect, it} from 'vitest';
import {
	databaseMatches,
	neededPrivileges,
	privilegeCoverage,
	type GrantFacts,
	type GrantSet,
} from '../../source/domain/grants.js';

const all = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'LOCK TABLES'];
const databases = ['oms_rm', 'oms_cm', 'oms_cm_hb_1'];

const facts = (sets: GrantSet[], options: Partial<GrantFacts> = {}): GrantFacts => ({
	sets,
	unreadable: [],
	wildcardsLiteral: false,
	caseInsensitive: false,
	oceanbase: false,
	...options,
});
const session = (...lines: string[]): GrantSet => ({lines, active: true});
const missingOn = (result: ReturnType<typeof privilegeCoverage>) =>
	Object.fromEntries(result.databases.map(item => [item.database, item.missing]));
const unprovenOn = (result: ReturnType<typeof privilegeCoverage>) =>
	Object.fromEntries(result.databases.map(item => [item.database, item.unproven]));
const none = Object.fromEntries(databases.map(database => [database, []]));

describe('neededPrivileges', () => {
	it('is exactly this list', () => {
		expect([...neededPrivileges]).toEqual(all);
	});
});

describe('privilegeCoverage: everything proven', () => {
	it.each([
		['MySQL 5.7 ALL on *.*', ["GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION"]],
		[
			'MySQL 5.7 pattern grant',
			["GRANT USAGE ON *.* TO 'oms_meta'@'%'", "GRANT ALL PRIVILEGES ON `oms\\_%`.* TO 'oms_meta'@'%'"],
		],
		[
			'MySQL 8.0 pattern grant',
			['GRANT USAGE ON *.* TO `oms_meta`@`%`', 'GRANT ALL PRIVILEGES ON `oms\\_%`.* TO `oms_meta`@`%`'],
		],
		[
			'MySQL 8.0 global list',
			[
				'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER, SHOW DATABASES, LOCK TABLES, EXECUTE ON *.* TO `oms_meta`@`%`',
				'GRANT BACKUP_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `oms_meta`@`%`',
			],
		],
		[
			'MariaDB 10.11 pattern grant',
			[
				"GRANT USAGE ON *.* TO `oms_meta`@`%` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'",
				'GRANT ALL PRIVILEGES ON `oms\\_%`.* TO `oms_meta`@`%`',
			],
		],
		[
			'each database by name, ALL',
			[
				'GRANT ALL ON `oms_rm`.* TO `u`@`%`',
				'GRANT ALL ON `oms_cm`.* TO `u`@`%`',
				'GRANT ALL ON `oms_cm_hb_1`.* TO `u`@`%`',
			],
		],
		[
			'a pattern with _ as any one character',
			['GRANT ALL PRIVILEGES ON `oms_c%`.* TO `u`@`%`', 'GRANT ALL PRIVILEGES ON `oms_rm`.* TO `u`@`%`'],
		],
		[
			'global and database grants adding up, any case',
			[
				"GRANT select,insert,Update ON *.* TO 'u'@'%'",
				'GRANT DELETE, CREATE, DROP, ALTER, INDEX, LOCK TABLES ON `oms%`.* TO `u`@`%`',
			],
		],
		[
			'a table grant beside a full database grant',
			['GRANT ALL ON `oms%`.* TO `u`@`%`', 'GRANT SELECT ON `oms_rm`.`host` TO `u`@`%`'],
		],
	])('%s', (_name, lines) => {
		const result = privilegeCoverage(facts([session(...lines)]), databases);
		expect([missingOn(result), unprovenOn(result)]).toEqual([none, none]);
	});
});

describe('privilegeCoverage: missing (a failure)', () => {
	it.each([
		['USAGE only', ["GRANT USAGE ON *.* TO 'u'@'%'"], {oms_rm: all, oms_cm: all, oms_cm_hb_1: all}],
		[
			'another database only',
			['GRANT ALL PRIVILEGES ON `oms_cm`.* TO `u`@`%`'],
			{oms_rm: all, oms_cm: [], oms_cm_hb_1: all},
		],
		[
			'a pattern the names do not match (escaped _ is a literal _)',
			['GRANT ALL ON `oms\\_cm\\_hb%`.* TO `u`@`%`', 'GRANT ALL ON `omsXrm`.* TO `u`@`%`'],
			{oms_rm: all, oms_cm: all, oms_cm_hb_1: []},
		],
		[
			'database names are case-sensitive',
			['GRANT ALL ON `OMS\\_%`.* TO `u`@`%`'],
			{oms_rm: all, oms_cm: all, oms_cm_hb_1: all},
		],
		[
			'a partial list',
			['GRANT SELECT, INSERT, UPDATE, DELETE ON `oms\\_%`.* TO `u`@`%`'],
			Object.fromEntries(databases.map(db => [db, ['CREATE', 'DROP', 'ALTER', 'INDEX', 'LOCK TABLES']])),
		],
		[
			'a MySQL 8 partial revoke on a global grant',
			['GRANT ALL PRIVILEGES ON *.* TO `u`@`%`', 'REVOKE DROP, ALTER ON `oms_rm`.* FROM `u`@`%`'],
			{oms_rm: ['DROP', 'ALTER'], oms_cm: [], oms_cm_hb_1: []},
		],
	])('%s', (_name, lines, missing) => {
		const result = privilegeCoverage(facts([session(...lines)]), databases);
		expect(missingOn(result)).toEqual(missing);
		expect(result.unverifiable).toEqual([]);
	});

	it('an exact database grant applies alone, even beside a wider pattern', () => {
		const result = privilegeCoverage(
			facts([session('GRANT ALL ON `oms%`.* TO `u`@`%`', 'GRANT SELECT ON `omsrm`.* TO `u`@`%`')]),
			['omsrm'],
		);
		expect(result.databases).toEqual([
			{database: 'omsrm', missing: [], unproven: all.filter(privilege => privilege !== 'SELECT')},
		]);
	});
});

describe('privilegeCoverage: what it cannot prove (a warning)', () => {
	it('overlapping patterns: MariaDB and MySQL pick different ones, only the common part is proven', () => {
		const result = privilegeCoverage(
			facts([session('GRANT SELECT ON `oms_rm`.* TO `u`@`%`', 'GRANT ALL PRIVILEGES ON `oms\\_%`.* TO `u`@`%`')]),
			['oms_rm'],
		);
		expect(result.databases).toEqual([
			{database: 'oms_rm', missing: [], unproven: all.filter(privilege => privilege !== 'SELECT')},
		]);
	});

	it('names table, column and routine grants on the databases, and lines it does not understand', () => {
		const result = privilegeCoverage(
			facts([
				session(
					'GRANT SELECT, INSERT ON `oms_rm`.`host` TO `u`@`%`',
					'GRANT SELECT (`ip`) ON `oms_cm`.`host` TO `u`@`%`',
					'GRANT SELECT ON `mysql`.`user` TO `u`@`%`',
					'GRANT CREATE SESSION, SELECT ANY TABLE TO OMS_META',
				),
			]),
			databases,
		);
		expect(missingOn(result).oms_rm).toEqual(all);
		expect(result.unverifiable).toEqual([
			'a grant on tables, columns or routines, which it does not count: GRANT SELECT, INSERT ON `oms_rm`.`host` TO `u`@`%`',
			'a grant on tables, columns or routines, which it does not count: GRANT SELECT (`ip`) ON `oms_cm`.`host` TO `u`@`%`',
			'a grant line it does not understand: GRANT CREATE SESSION, SELECT ANY TABLE TO OMS_META',
		]);
	});

	it('OceanBase: a missing LOCK TABLES is unproven, not missing', () => {
		const lines = [
			"GRANT USAGE ON *.* TO 'oms_meta'",
			"GRANT ALTER, CREATE, DELETE, DROP, INSERT, UPDATE, SELECT, INDEX, CREATE VIEW, SHOW VIEW ON `oms_rm`.* TO 'oms_meta'",
		];
		const result = privilegeCoverage(facts([session(...lines)], {oceanbase: true}), ['oms_rm']);
		expect(result.databases).toEqual([{database: 'oms_rm', missing: [], unproven: ['LOCK TABLES']}]);
		expect(result.unverifiable).toEqual(['LOCK TABLES on OceanBase, where older versions have no such privilege']);
	});

	it('OceanBase: ALL PRIVILEGES at the database level proves everything', () => {
		const result = privilegeCoverage(
			facts([session("GRANT ALL PRIVILEGES ON `oms_rm`.* TO 'oms_meta'")], {oceanbase: true}),
			['oms_rm'],
		);
		expect(result.databases).toEqual([{database: 'oms_rm', missing: [], unproven: []}]);
	});
});

describe('privilegeCoverage: roles', () => {
	it('MariaDB: SHOW GRANTS lists the default role and its grants, which count', () => {
		const result = privilegeCoverage(
			facts([
				session(
					'GRANT `oms_role` TO `oms_meta`@`%`',
					'GRANT USAGE ON *.* TO `oms_meta`@`%`',
					'GRANT ALL PRIVILEGES ON `oms\\_%`.* TO `oms_role`',
					'SET DEFAULT ROLE `oms_role` FOR `oms_meta`@`%`',
				),
			]),
			databases,
		);
		expect([missingOn(result), unprovenOn(result)]).toEqual([none, none]);
	});

	it('MySQL 8: the lines read with USING for the active roles count', () => {
		const result = privilegeCoverage(
			facts([
				session('GRANT USAGE ON *.* TO `oms_meta`@`%`', 'GRANT `oms_role`@`%` TO `oms_meta`@`%`'),
				session(
					'GRANT USAGE ON *.* TO `oms_meta`@`%`',
					'GRANT ALL PRIVILEGES ON `oms\\_%`.* TO `oms_meta`@`%`',
					'GRANT `oms_role`@`%` TO `oms_meta`@`%`',
				),
			]),
			databases,
		);
		expect([missingOn(result), unprovenOn(result)]).toEqual([none, none]);
	});

	it('MySQL 8 with roles: matching patterns add up, and an exact name shadows them', () => {
		const user = session('GRANT SELECT, INSERT, UPDATE, DELETE, LOCK TABLES ON `oms%`.* TO `u`@`%`');
		const role = session('GRANT CREATE, DROP, ALTER, INDEX ON `om%`.* TO `r`@`%`');
		expect(unprovenOn(privilegeCoverage(facts([user, role]), ['oms_rm']))).toEqual({oms_rm: []});
		const exact = session('GRANT SELECT ON `omsrm`.* TO `r`@`%`');
		expect(privilegeCoverage(facts([user, exact]), ['omsrm']).databases[0]!.unproven).toEqual([
			'INSERT',
			'UPDATE',
			'DELETE',
			'LOCK TABLES',
		]);
	});

	it('roles that may not be active at login give unproven privileges, not proven ones', () => {
		const result = privilegeCoverage(
			facts([
				session('GRANT `oms_role`@`%` TO `u`@`%`'),
				{lines: ['GRANT ALL ON `oms\\_%`.* TO `oms_role`@`%`'], active: false},
			]),
			['oms_rm'],
		);
		expect(result.databases).toEqual([{database: 'oms_rm', missing: [], unproven: all}]);
	});
});

describe('databaseMatches', () => {
	const rules = {wildcardsLiteral: false, caseInsensitive: false};
	it.each([
		['oms\\_%', 'oms_rm', true],
		['oms\\_%', 'omsXrm', false],
		['oms_rm', 'omsXrm', true],
		['oms%', 'oms', true],
		['oms_', 'oms', false],
		['%', 'anything', true],
		['oms\\%rm', 'oms%rm', true],
		['oms\\%rm', 'omsXrm', false],
		['OMS\\_%', 'oms_rm', false],
		['oms.rm', 'omsXrm', false],
	])('%s ~ %s → %s', (pattern, database, expected) => {
		expect(databaseMatches(pattern, database, rules)).toBe(expected);
	});

	it('without case when lower_case_table_names is set', () => {
		expect(databaseMatches('OMS\\_%', 'oms_rm', {wildcardsLiteral: false, caseInsensitive: true})).toBe(true);
	});

	it('with partial_revokes, % and _ are literal', () => {
		expect(databaseMatches('oms\\_%', 'oms_rm', {wildcardsLiteral: true, caseInsensitive: false})).toBe(false);
		expect(databaseMatches('oms_rm', 'oms_rm', {wildcardsLiteral: true, caseInsensitive: false})).toBe(true);
		expect(databaseMatches('oms_rm', 'omsXrm', {wildcardsLiteral: true, caseInsensitive: false})).toBe(false);
	});
});

import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	backupsDir,
	defaultsFileText,
	dumpFile,
	mysqlRestoreArgs,
	mysqldumpArgs,
} from '../../source/domain/dump-command.js';

describe('dumpFile', () => {
	it("puts the dump in the attempt's own backups directory", () => {
		expect(dumpFile(backupsDir('/var/lib/oms-upgrade', '20261125T031502'), 'oms_rm')).toBe(
			join('/var/lib/oms-upgrade', 'backups', '20261125T031502', 'oms_rm.sql'),
		);
	});
});

describe('mysqldumpArgs', () => {
	const args = mysqldumpArgs('/work/.my.cnf', 'oms_rm');

	it('has the defaults file first', () => {
		expect(args[0]).toBe('--defaults-extra-file=/work/.my.cnf');
	});

	it('dumps consistently, without triggers, with 5.7/OceanBase-safe options', () => {
		expect(args).toContain('--triggers=false');
		expect(args).toContain('--single-transaction');
		expect(args).toContain('--loose-column-statistics=0');
		// No SET @@GLOBAL.GTID_PURGED in a dump from a MySQL MetaDB with GTIDs (MariaDB's client ignores it).
		expect(args).toContain('--loose-set-gtid-purged=OFF');
		expect(args.some(arg => arg.startsWith('--result-file'))).toBe(false);
	});

	it('ends with the database', () => {
		expect(args.at(-1)).toBe('oms_rm');
	});

	it('is exactly this list', () => {
		expect(args).toEqual([
			'--defaults-extra-file=/work/.my.cnf',
			'--triggers=false',
			'--single-transaction',
			'--loose-column-statistics=0',
			'--loose-set-gtid-purged=OFF',
			'--hex-blob',
			'--no-tablespaces',
			'--ignore-table=oms_rm.oms_upgrade_lock',
			'oms_rm',
		]);
	});
});

describe('mysqlRestoreArgs', () => {
	it('has the defaults file first and names the database', () => {
		expect(mysqlRestoreArgs('/work/.my.cnf', 'oms_cm')).toEqual([
			'--defaults-extra-file=/work/.my.cnf',
			'--database=oms_cm',
			'--batch',
		]);
	});
});

describe('defaultsFileText', () => {
	it('writes a [client] section', () => {
		expect(defaultsFileText({host: '10.0.0.10', port: 2881, user: 'root@oms#obcluster', password: 'secret'})).toBe(
			'[client]\nhost="10.0.0.10"\nport=2881\nuser="root@oms#obcluster"\npassword="secret"\n',
		);
	});

	it('escapes double quotes and backslashes in the password', () => {
		expect(defaultsFileText({host: 'h', port: 3306, user: 'u', password: 'a"b\\c'})).toBe(
			'[client]\nhost="h"\nport=3306\nuser="u"\npassword="a\\"b\\\\c"\n',
		);
	});

	it('escapes a trailing backslash so it cannot close the quote', () => {
		expect(defaultsFileText({host: 'h', port: 3306, user: 'u', password: 'x\\'})).toContain('password="x\\\\"\n');
	});
});

describe('the password', () => {
	it('never appears in a command-line argument', () => {
		const target = {host: '10.0.0.10', port: 2881, user: 'root', password: 'Sup3r"Secret\\Pw'};
		const defaultsFile = '/work/.oms-upgrade.cnf';
		expect(defaultsFileText(target)).toContain('Sup3r\\"Secret\\\\Pw');
		const argumentLists = [
			mysqldumpArgs(defaultsFile, 'oms_rm'),
			mysqldumpArgs(defaultsFile, 'oms_cm_hb'),
			mysqlRestoreArgs(defaultsFile, 'oms_rm'),
		];
		for (const argumentList of argumentLists) {
			expect(argumentList.length).toBeGreaterThan(0);
			for (const argument of argumentList) {
				expect(argument).not.toContain(target.password);
				expect(argument).not.toContain('Sup3r');
			}
		}
	});
});

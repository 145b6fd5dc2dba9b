import {describe, expect, it} from 'vitest';
import {quoteId, sql} from '../../source/domain/sql.js';

describe('quoteId', () => {
	it('wraps a name in backquotes', () => {
		expect(quoteId('oms_rm')).toBe('`oms_rm`');
	});

	it('doubles backquotes inside the name', () => {
		expect(quoteId('a`b')).toBe('`a``b`');
		expect(quoteId('`; DROP DATABASE x; --')).toBe('```; DROP DATABASE x; --`');
	});
});

describe('sql', () => {
	it('cleans the heartbeat sequence in batches with a portable DELETE and bound values, no subquery', () => {
		const statement = sql.cleanSequence('oms_cm_hb');
		expect(statement).toBe('DELETE FROM `oms_cm_hb`.heatbeat_sequence WHERE id < ? LIMIT ?');
		expect(statement.toUpperCase()).not.toContain('SELECT');
	});

	it('reads the maximum sequence id in a separate statement', () => {
		expect(sql.maxSequence('oms_cm_hb')).toBe('SELECT MAX(id) AS max_id FROM `oms_cm_hb`.heatbeat_sequence');
	});

	it('quotes database names in every statement that takes one', () => {
		expect(sql.readHa('rm`x')).toBe("SELECT cfg_value FROM `rm``x`.oms_normal_config WHERE cfg_name = 'ha.config'");
		expect(sql.writeHa('oms_rm')).toBe(
			"UPDATE `oms_rm`.oms_normal_config SET cfg_value = ? WHERE cfg_name = 'ha.config'",
		);
		expect(sql.dropDatabase('oms_rm')).toBe('DROP DATABASE IF EXISTS `oms_rm`');
		expect(sql.createDatabase('oms_rm')).toBe('CREATE DATABASE `oms_rm`');
		expect(sql.recordVersion('oms_rm')).toBe('REPLACE INTO `oms_rm`.oms_version (version) VALUES (?)');
	});
});

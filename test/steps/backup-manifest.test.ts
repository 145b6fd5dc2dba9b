import {createHash} from 'node:crypto';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {workdirFiles} from '../../source/adapters/workdir-files.js';
import {
	corruptBackups,
	manifestFile,
	readManifest,
	verifiedDumps,
	writeManifest,
} from '../../source/steps/backup-manifest.js';

let workdir: string;
let backups: string;
beforeEach(async () => {
	workdir = await mkdtemp(path.join(os.tmpdir(), 'oms-manifest-'));
	backups = path.join(workdir, 'backups', 'a1');
	await mkdir(backups, {recursive: true});
});
afterEach(async () => {
	await rm(workdir, {recursive: true, force: true});
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the backup manifest', () => {
	it('is undefined when the attempt took no backup', async () => {
		expect(await readManifest(workdirFiles, backups)).toBeUndefined();
	});

	it('is an error, not "no backup", when the manifest cannot be read', async () => {
		await mkdir(manifestFile(backups));
		await expect(readManifest(workdirFiles, backups)).rejects.toThrow(/EISDIR/);
	});

	it('verifies each dump, and tells a missing dump from one that cannot be read', async () => {
		await writeFile(path.join(backups, 'oms_rm.sql'), 'rm dump');
		await mkdir(path.join(backups, 'oms_cm.sql'));
		const entries = [
			{database: 'oms_rm', file: 'backups/a1/oms_rm.sql', bytes: 7, sha256: sha256('rm dump')},
			{database: 'oms_cm', file: 'backups/a1/oms_cm.sql', bytes: 7, sha256: sha256('cm dump')},
			{database: 'oms_hb', file: 'backups/a1/oms_hb.sql', bytes: 7, sha256: sha256('hb dump')},
		];
		expect(await corruptBackups(workdirFiles, workdir, entries)).toEqual([
			'backups/a1/oms_cm.sql cannot be read (EISDIR: illegal operation on a directory, read)',
			'backups/a1/oms_hb.sql is missing',
		]);
		await writeManifest(workdirFiles, backups, entries.slice(0, 1));
		expect(await verifiedDumps(workdirFiles, workdir, backups, ['oms_rm'])).toMatchObject({
			entries: entries.slice(0, 1),
		});
		expect(await verifiedDumps(workdirFiles, workdir, backups, ['oms_rm', 'oms_cm'])).toEqual({
			problem: `the dumps do not match ${manifestFile(backups)}: no dump of oms_cm`,
		});
	});
});

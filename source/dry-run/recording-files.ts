import {createHash} from 'node:crypto';
import {join} from 'node:path';
import type {MetadbTarget} from '../ports/metadb-port.js';
import {mysqldumpArgs, mysqlRestoreArgs, partialDumpFile} from '../domain/dump-command.js';
import type {DumpPort} from '../ports/dump-port.js';
import type {WorkdirPort} from '../ports/workdir-port.js';
import {unknownInDryRun, type Recorder} from './recorder.js';

/**
 * The workdir in a dry run: files the recorded writes would have made (dumps, the manifest, the report)
 * live in an overlay that later reads see; every other read goes to the disk.
 */
export function recordingFiles(real: WorkdirPort, recorder: Recorder, overlay: Map<string, string>): WorkdirPort {
	const text = async (file: string) => overlay.get(file) ?? (await real.readText(file));
	/** What a file the dry run wrote would give; undefined for a file it did not write (read the real one). */
	const ifWritten = <T>(file: string, read: (content: string) => T): T | undefined => {
		const content = overlay.get(file);
		return content === undefined ? undefined : read(content);
	};
	return {
		makeDirectory: async directory => recorder.record(null, 'file', `mkdir -p -m 0700 ${directory}`),
		size: async file => ifWritten(file, content => Buffer.byteLength(content)) ?? real.size(file),
		tail: async (file, bytes) => ifWritten(file, content => content.slice(-bytes)) ?? real.tail(file, bytes),
		sha256: async file =>
			ifWritten(file, content => createHash('sha256').update(content).digest('hex')) ?? real.sha256(file),
		readText: text,
		writeJson: async (file, value) => {
			recorder.record(null, 'file', `write ${file}`);
			overlay.set(file, JSON.stringify(value, null, 2));
		},
		packageImageId: (file, image) => real.packageImageId(file, image),
	};
}

/**
 * mysqldump and mysql in a dry run: the command lines are recorded; a dump leaves a file in the overlay that names
 * itself a dry run's dump.
 */
export function recordingDumps(target: MetadbTarget, recorder: Recorder, overlay: Map<string, string>): DumpPort {
	return {
		session: async (directory, use) => {
			const defaultsFile = join(directory, '.metadb-<random>.cnf');
			recorder.record(
				null,
				'file',
				`write ${defaultsFile} (mode 0600: host=${target.host} port=${target.port} user=${target.user} password=***); removed afterwards`,
			);
			return use({
				defaultsFile,
				restores: false,
				dump: async (database, file) => {
					recorder.record(
						null,
						'mysqldump',
						`mysqldump ${mysqldumpArgs(defaultsFile, database).join(' ')} > ${partialDumpFile(file, '<pid>')}`,
					);
					recorder.record(null, 'file', `rename ${partialDumpFile(file, '<pid>')} to ${file} (on exit 0)`);
					const text = `${unknownInDryRun(`dump of ${database}`)}\n-- Dump completed\n`;
					overlay.set(file, text);
					return {bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex'), tail: text};
				},
				restore: async (database, file) => {
					recorder.record(null, 'mysql', `mysql ${mysqlRestoreArgs(defaultsFile, database).join(' ')} < ${file}`);
					recorder.record(
						null,
						'sql',
						`count the rows of every table of ${database} and compare them with the manifest's (not in a dry run: nothing was restored)`,
					);
				},
			});
		},
	};
}

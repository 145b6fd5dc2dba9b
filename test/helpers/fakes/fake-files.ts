import {createHash} from 'node:crypto';
import type {DumpPort} from '../../../source/ports/dump-port.js';
import type {JournalPort, WorkdirPort} from '../../../source/ports/workdir-port.js';
import type {Journal} from '../../../source/domain/journal-types.js';
import type {CallLog} from './fake-calls.js';

/** The workdir in memory: path → text. */
export function fakeFiles(files: Map<string, string>, log: CallLog, packageId: string): WorkdirPort {
	const read = (what: string, file: string) => {
		log.record({port: 'file', node: null, what: `${what} ${file}`, write: false});
		const text = files.get(file);
		if (text === undefined)
			throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), {code: 'ENOENT'});
		return text;
	};
	return {
		makeDirectory: async directory => log.record({port: 'file', node: null, what: `mkdir ${directory}`, write: true}),
		size: async file => Buffer.byteLength(read('stat', file)),
		tail: async (file, bytes) => read('tail', file).slice(-bytes),
		sha256: async file => createHash('sha256').update(read('sha256', file)).digest('hex'),
		readText: async file => {
			log.record({port: 'file', node: null, what: `read ${file}`, write: false});
			return files.get(file);
		},
		writeJson: async (file, value) => {
			log.record({port: 'file', node: null, what: `write ${file}`, write: true});
			files.set(file, JSON.stringify(value, null, 2));
		},
		packageImageId: async file => (
			log.record({port: 'file', node: null, what: `read package ${file}`, write: false}),
			packageId
		),
	};
}

/** What a world that models the MetaDB's content puts in a dump, and takes back from one on restore. */
export type DumpContent = {
	readonly body: (database: string) => string;
	readonly restored: (database: string, text: string) => void;
};

/** mysqldump and mysql in memory: a dump is a file that ends as a complete dump does; restores are listed. */
export function fakeDumps(
	files: Map<string, string>,
	log: CallLog,
	restored: string[],
	content?: DumpContent,
): DumpPort {
	return {
		session: async (directory, use) =>
			use({
				defaultsFile: `${directory}/.metadb-fake.cnf`,
				restores: true,
				dump: async (database, file) => {
					log.record({port: 'dump', node: null, what: `mysqldump ${database} > ${file}`, write: true});
					const text = `-- dump of ${database}\n${content?.body(database) ?? ''}-- Dump completed on 2026-11-25\n`;
					files.set(file, text);
					return {
						bytes: Buffer.byteLength(text),
						sha256: createHash('sha256').update(text).digest('hex'),
						tail: text.slice(-256),
					};
				},
				restore: async (database, file) => {
					log.record({port: 'dump', node: null, what: `mysql ${database} < ${file}`, write: true});
					const text = files.get(file);
					if (text === undefined) throw new Error(`${file}: No such file`);
					content?.restored(database, text);
					restored.push(database);
				},
			}),
	};
}

/** The journal port: keeps every saved version (a deep copy), as the file on disk would be. */
export function fakeJournal(saved: Journal[], log: CallLog, archived: string[]): JournalPort {
	return {
		archive: async attempt => {
			log.record({port: 'journal', node: null, what: `archive journal ${attempt}`, write: true});
			archived.push(attempt);
		},
		save: async journal => {
			log.record({port: 'journal', node: null, what: 'save journal', write: true});
			saved.push(structuredClone(journal));
		},
	};
}

import type {DumpPort} from '../ports/dump-port.js';
import type {MetadbTarget} from './metadb.js';
import {runMysqldump, runMysqlRestore, withDefaultsFile} from './mysql-clients.js';

/** The dump port on this machine's mysqldump and mysql clients, for the MetaDB `target`. */
export function localDumps(target: MetadbTarget): DumpPort {
	return {
		session: (directory, use) =>
			withDefaultsFile(directory, target, defaultsFile =>
				use({
					defaultsFile,
					restores: true,
					dump: (database, file, limits) => runMysqldump(defaultsFile, database, file, limits),
					restore: (database, file, limits) => runMysqlRestore(defaultsFile, database, file, limits),
				}),
			),
	};
}

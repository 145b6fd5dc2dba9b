import {stat, statfs} from 'node:fs/promises';
import {dirname} from 'node:path';
import type {PreflightPort, WorkdirSpace} from '../ports/preflight-port.js';
import {dumpClients, findClient, mysqlClients} from './clients.js';
import {inspectPackage} from './image-package.js';
import {Metadb} from './metadb.js';

/** The preflight checks' reads of this machine (files, clients) and of the MetaDB (mysql2). */
export const livePreflight: PreflightPort = {
	connectMetadb: target => Metadb.connect(target),
	inspectPackage,
	workdirSpace,
	clients: async () => {
		const [dump, mysql] = await Promise.all([findClient(dumpClients), findClient(mysqlClients)]);
		return {dump, mysql};
	},
};

/**
 * The workdir may not exist yet: measure its nearest existing ancestor. Only "does not exist" walks up;
 * any other failure (a path through a file, no permission) means the workdir cannot be used at all.
 */
async function workdirSpace(workdir: string): Promise<WorkdirSpace> {
	let directory = workdir;
	for (;;) {
		const code = await stat(directory).then(
			() => undefined,
			(error: NodeJS.ErrnoException) => error.code ?? error.message,
		);
		if (code === undefined || dirname(directory) === directory) break;
		if (code !== 'ENOENT') return {problem: code};
		directory = dirname(directory);
	}
	const info = await statfs(directory);
	return {directory, freeBytes: info.bavail * info.bsize};
}

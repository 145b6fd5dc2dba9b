import {mkdtemp, rm} from 'node:fs/promises';
import {join} from 'node:path';
import Docker from 'dockerode';
import {labDown, labUp, type LabMetadbOptions} from '../../source/lab/lab.js';
import type {LabState} from '../../source/lab/lab-state.js';
import {rootQuery} from '../../source/lab/metadb-server.js';
import {ensureLabPrerequisites} from './system-deps.js';

export type Lab = {
	readonly state: LabState;
	readonly directory: string;
	/** The node's engine, by node index. */
	readonly docker: (index: number) => Docker;
	/** SQL as the MetaDB root. */
	readonly sql: <T = Record<string, unknown>>(statement: string) => Promise<T[]>;
	readonly down: () => Promise<void>;
};

/**
 * A real lab (private dockerd per node + mariadbd) in a short temp dir, as `oms-upgrade lab up` makes it:
 * over ssh by default (an sshd per node), as production is reached. The MetaDB user gets its privileges
 * by a database pattern unless asked otherwise, as DBAs grant them.
 */
export async function startLab(
	options: {
		nodes?: number;
		regions?: number;
		from?: string;
		versionRow?: boolean;
		metadb?: LabMetadbOptions;
		transport?: 'ssh' | 'tcp';
	} = {},
): Promise<Lab> {
	await ensureLabPrerequisites();
	const directory = await mkdtemp('/tmp/omsu-');
	const state = await labUp({
		directory: join(directory, 'lab'),
		nodes: options.nodes ?? 2,
		regions: options.regions ?? 1,
		from: options.from ?? '4.2.8-CE',
		to: '4.2.9-CE',
		versionRow: options.versionRow ?? true,
		metadb: {grants: 'pattern', ...options.metadb},
		transport: options.transport,
	});
	return {
		state,
		directory: state.directory,
		docker: index => new Docker({socketPath: state.engines[index]!.socket}),
		sql: async <T>(statement: string) => (await rootQuery(state.metadb.socket, statement)) as T[],
		down: async () => {
			await labDown(state.directory);
			await rm(directory, {recursive: true, force: true});
		},
	};
}

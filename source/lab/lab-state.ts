import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {LabEngine} from './engines.js';
import type {LabTransport} from './lab-transport.js';
import type {LabMetadb} from './metadb-server.js';
import type {LabSshd} from './sshd.js';
import type {LabTopology} from './topology.js';

/**
 * What `lab up` started, kept in `<lab>/lab.json` (mode 0600: it holds the MetaDB password) for `down` and `status`.
 */
export type LabState = {
	readonly directory: string;
	readonly topology: LabTopology;
	readonly metadb: LabMetadb;
	readonly engines: readonly LabEngine[];
	readonly transport: LabTransport;
	/** One per node with the ssh transport; empty with tcp. */
	readonly sshds: readonly LabSshd[];
	readonly planFile: string;
	readonly packageFile: string;
	readonly createdAt: string;
};

const labStateFile = (directory: string) => join(directory, 'lab.json');

export async function writeLabState(state: LabState): Promise<void> {
	await writeFile(labStateFile(state.directory), JSON.stringify(state, null, 2) + '\n', {mode: 0o600});
}

export async function readLabState(directory: string): Promise<LabState | undefined> {
	try {
		return JSON.parse(await readFile(labStateFile(directory), 'utf8')) as LabState;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

import {join, resolve} from 'node:path';
import {OmsError} from '../domain/errors.js';
import {startEngine} from './engines.js';
import {readLabState, writeLabState, type LabState} from './lab-state.js';
import {runMariadbd} from './metadb-server.js';
import {checkLabPrerequisites} from './prerequisites.js';
import {stopProcess} from './processes.js';
import {startSshd, stopSshd} from './sshd.js';

/** A lab daemon: the MetaDB, node `index`'s dockerd, or node `sshd`'s sshd. */
type LabDaemon = 'metadb' | number | {readonly sshd: number};

/**
 * Rehearsing failures: stop a lab daemon (an sshd with its sessions: every connection to the node drops) and bring it
 * back.
 */
export async function stopLabDaemon(directory: string, which: LabDaemon): Promise<void> {
	const state = await requireLab(directory);
	if (typeof which === 'object') return stopSshd(member(state.sshds, which.sshd, 'sshd'));
	await stopProcess(which === 'metadb' ? state.metadb.pid : member(state.engines, which, 'Docker engine').pid);
}

export async function startLabDaemon(directory: string, which: LabDaemon): Promise<void> {
	const state = await requireLab(directory);
	if (typeof which === 'object') {
		const {address, port} = member(state.sshds, which.sshd, 'sshd');
		const socket = member(state.engines, which.sshd, 'Docker engine').socket;
		const sshd = await startSshd(
			state.directory,
			which.sshd,
			address,
			socket,
			await checkLabPrerequisites('ssh'),
			port,
		);
		await writeLabState({...state, sshds: state.sshds.map((item, index) => (index === which.sshd ? sshd : item))});
		return;
	}
	if (which === 'metadb') {
		const {pid} = await runMariadbd(join(state.directory, 'metadb'), state.metadb.serverPort);
		await writeLabState({...state, metadb: {...state.metadb, pid}});
		return;
	}
	const stopped = member(state.engines, which, 'Docker engine');
	const engine = await startEngine(stopped.directory, stopped.args ?? []);
	await writeLabState({...state, engines: state.engines.map((item, index) => (index === which ? engine : item))});
}

async function requireLab(directory: string): Promise<LabState> {
	const state = await readLabState(resolve(directory));
	if (!state)
		throw new OmsError(`no lab in ${directory}.`, {hint: 'Start one with `oms-upgrade lab up`.', exitCode: 2});
	return state;
}

/** Node `index`'s daemon of a kind; a lab without it is named, not a TypeError. */
function member<T>(list: readonly T[] | undefined, index: number, what: string): T {
	const item = list?.[index];
	if (item === undefined)
		throw new OmsError(`the lab has no ${what} for node ${index + 1}.`, {
			hint: 'Name a node of this lab (see oms-upgrade lab status).',
			exitCode: 2,
		});
	return item;
}

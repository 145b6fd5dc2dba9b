import {resolve} from 'node:path';
import Docker from 'dockerode';
import {readLabState, type LabState} from './lab-state.js';
import {isAlive} from './processes.js';

/** What `lab status` shows: the saved state, and whether each daemon and container runs now. */
type LabStatus = {
	readonly state: LabState;
	readonly metadbRunning: boolean;
	readonly nodes: ReadonlyArray<{
		readonly host: string;
		readonly engineRunning: boolean;
		readonly containers: ReadonlyArray<{name: string; state: string; image: string}>;
	}>;
};

export async function labStatus(directoryOption: string): Promise<LabStatus | undefined> {
	const state = await readLabState(resolve(directoryOption));
	if (!state) return undefined;
	const nodes = await Promise.all(
		state.topology.nodes.map(async node => {
			const engine = state.engines[node.index];
			const engineRunning = engine !== undefined && isAlive(engine.pid);
			const listed =
				engine && engineRunning
					? await new Docker({socketPath: engine.socket}).listContainers({all: true}).catch(() => [])
					: [];
			const containers = listed.map(container => ({
				name: (container.Names[0] ?? '').replace(/^\//, ''),
				state: container.State,
				image: container.Image,
			}));
			return {host: node.host, engineRunning, containers};
		}),
	);
	const proxyRunning =
		state.metadb.proxyPid === null || state.metadb.proxyPid === undefined || isAlive(state.metadb.proxyPid);
	return {state, metadbRunning: isAlive(state.metadb.pid) && proxyRunning, nodes};
}

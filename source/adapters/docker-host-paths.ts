import type Docker from 'dockerode';
import {errorText} from './docker-errors.js';

type Call = <T>(action: string, run: (signal: AbortSignal) => Promise<T>) => Promise<T>;

/**
 * Which of these host paths do not exist on the node. Asks the engine itself: it refuses to create a
 * container with a `--mount type=bind` whose source is missing (unlike `-v`, which would create it).
 * The probe container is never started and is removed at once.
 */
export async function missingHostPaths(
	api: Docker,
	call: Call,
	image: string,
	paths: readonly string[],
): Promise<string[]> {
	await removeLeftProbes(api, call);
	// One probe for all paths answers the common case (none missing); then one per path to name them.
	if (paths.length > 1 && (await probeMounts(api, call, image, paths))) return [];
	const missing: string[] = [];
	for (const path of paths) if (!(await probeMounts(api, call, image, [path]))) missing.push(path);
	return missing;
}

const probeLabel = 'oms-upgrade.probe=host-path';

/**
 * Probes a run killed between create and remove (kill -9 during discovery) left behind: never started,
 * labelled as probes, so removing them touches nothing else.
 */
async function removeLeftProbes(api: Docker, call: Call): Promise<void> {
	await call('remove probe containers left by an earlier run', async abortSignal => {
		const left = await api.listContainers({
			all: true,
			filters: {label: [probeLabel], status: ['created']},
			abortSignal,
		});
		for (const probe of left) await api.getContainer(probe.Id).remove({force: true, abortSignal});
	});
}

/** True when every path exists: the engine accepted a (never started) container binding them all. */
async function probeMounts(api: Docker, call: Call, image: string, paths: readonly string[]): Promise<boolean> {
	try {
		await call(`check that host paths ${paths.join(', ')} exist`, async abortSignal => {
			const probe = await api.createContainer({
				Image: image,
				Cmd: ['true'],
				Labels: {'oms-upgrade.probe': 'host-path'},
				HostConfig: {
					Mounts: paths.map((source, index) => ({
						Type: 'bind' as const,
						Source: source,
						Target: `/oms-upgrade-probe/${index}`,
						ReadOnly: true,
					})),
				},
				abortSignal,
			});
			await probe.remove({force: true, abortSignal});
		});
		return true;
	} catch (error) {
		if (/bind source path does not exist/.test(errorText((error as Error).cause ?? error))) return false;
		throw error;
	}
}

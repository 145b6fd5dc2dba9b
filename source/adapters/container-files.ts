import {ExternalError} from '../domain/errors.js';
import type {EngineHandle} from './engine-handle.js';
import {readTarEntries} from './tar-reader.js';

/**
 * Reads one file out of a container through the archive API; works whether it runs or not.
 * On a stopped container the engine re-mounts its binds, and a missing bind source would be
 * created as a directory: callers check the host paths with `missingHostPaths` first.
 */
export async function readContainerFile(engine: EngineHandle, container: string, path: string): Promise<Buffer> {
	const entries = await engine.call(`read ${path} from container ${container}`, async abortSignal => {
		const stream = await engine.streamApi().getContainer(container).getArchive({path, abortSignal});
		return readTarEntries(stream, entry => entry.type === 'file');
	});
	const file = entries[0];
	if (!file) throw new ExternalError(`node ${engine.host}: ${path} in container ${container} is not a regular file.`);
	return file.content;
}

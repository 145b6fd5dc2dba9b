import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import {readTarEntries} from './tar-reader.js';
import {normalizeReference} from '../domain/image-reference.js';

/** What a `docker save` archive (tar or tar.gz) holds, read without loading it. */
type PackageContents = {
	readonly bytes: number;
	/** The archive's entries added up: about what `docker load` writes under the engine's data root. */
	readonly unpackedBytes: number;
	readonly repoTags: readonly string[];
	/** The image id (`sha256:<config digest>`) each tag of manifest.json names, where the manifest says it. */
	readonly imageIds: Readonly<Record<string, string>>;
};

/**
 * `blobs/sha256/<hex>` (OCI layout, Docker 25+) or `<hex>.json` (older docker save): the config digest is the image id.
 */
export function imageIdOfConfig(config: string): string | undefined {
	const hex = /(?:^|\/)([a-f0-9]{64})(?:\.json)?$/.exec(config)?.[1];
	return hex ? `sha256:${hex}` : undefined;
}

/**
 * What each package file held, by path, size and mtime: reading a 2–3 GiB package (gunzip included) takes seconds, and
 * a run needs it twice (preflight, stage-image).
 */
const inspected = new Map<string, Promise<PackageContents>>();

export async function inspectPackage(file: string): Promise<PackageContents> {
	const {size, mtimeMs} = await stat(file);
	const key = `${resolve(file)}|${size}|${mtimeMs}`;
	let contents = inspected.get(key);
	if (!contents) {
		contents = readPackage(file, size);
		inspected.set(key, contents);
		contents.catch(() => inspected.delete(key));
	}
	return contents;
}

async function readPackage(file: string, size: number): Promise<PackageContents> {
	let unpackedBytes = 0;
	const entries = await readTarEntries(createReadStream(file), entry => {
		unpackedBytes += entry.size;
		return entry.name === 'manifest.json' || entry.name === 'repositories';
	});
	const repoTags = new Set<string>();
	const imageIds: Record<string, string> = {};
	for (const {entry, content} of entries) {
		const parsed: unknown = JSON.parse(content.toString('utf8'));
		if (entry.name === 'manifest.json' && Array.isArray(parsed)) {
			for (const image of parsed as Array<{Config?: string; RepoTags?: string[] | null}>) {
				const id = image.Config ? imageIdOfConfig(image.Config) : undefined;
				for (const tag of image.RepoTags ?? []) {
					repoTags.add(normalizeReference(tag));
					if (id) imageIds[normalizeReference(tag)] = id;
				}
			}
		} else if (entry.name === 'repositories' && typeof parsed === 'object' && parsed !== null) {
			for (const [repository, tags] of Object.entries(parsed as Record<string, Record<string, string>>)) {
				for (const tag of Object.keys(tags)) repoTags.add(normalizeReference(`${repository}:${tag}`));
			}
		}
	}
	return {bytes: size, unpackedBytes, repoTags: [...repoTags], imageIds};
}

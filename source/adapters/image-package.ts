import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {readTarEntries} from './tar-reader.js';

/** What a `docker save` archive (tar or tar.gz) holds, read without loading it. */
export type PackageContents = {readonly bytes: number; readonly repoTags: readonly string[]};

export async function inspectPackage(file: string): Promise<PackageContents> {
	const {size} = await stat(file);
	const entries = await readTarEntries(createReadStream(file), entry => entry.name === 'manifest.json' || entry.name === 'repositories');
	const repoTags = new Set<string>();
	for (const {entry, content} of entries) {
		const parsed: unknown = JSON.parse(content.toString('utf8'));
		if (entry.name === 'manifest.json' && Array.isArray(parsed)) {
			for (const image of parsed as Array<{RepoTags?: string[] | null}>) for (const tag of image.RepoTags ?? []) repoTags.add(normalizeReference(tag));
		} else if (entry.name === 'repositories' && typeof parsed === 'object' && parsed !== null) {
			for (const [repository, tags] of Object.entries(parsed as Record<string, Record<string, string>>)) {
				for (const tag of Object.keys(tags)) repoTags.add(normalizeReference(`${repository}:${tag}`));
			}
		}
	}
	return {bytes: size, repoTags: [...repoTags]};
}

/** `docker.io/library/oms:x` and `oms:x` name the same image. */
export function normalizeReference(reference: string): string {
	return reference.replace(/^docker\.io\/(library\/)?/, '');
}

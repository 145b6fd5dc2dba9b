import {readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {OmsError} from './domain/errors.js';

/**
 * Files the program reads at run time besides its code (package.json, the lab's image scripts, the
 * build info), named by their path relative to the package directory. From a checkout or an installed
 * npm package they are read from that directory. The single executable (`npm run release`) carries them
 * as SEA assets under the same paths, plus `assets.json`, the list of those paths: Node 20 cannot list
 * the assets of a single executable.
 */
export const packageDirectory = fileURLToPath(new URL('../', import.meta.url));

type SeaModule = {isSea(): boolean; getAsset(key: string): ArrayBuffer};

let sea: SeaModule | null | undefined;

/** `node:sea` when this process is a single executable; it exists from Node 20.12, so older ones are not. */
function singleExecutable(): SeaModule | undefined {
	if (sea === undefined) {
		try {
			const candidate = createRequire(import.meta.url)('node:sea') as SeaModule;
			sea = candidate.isSea() ? candidate : null;
		} catch {
			sea = null;
		}
	}
	return sea ?? undefined;
}

export function isSingleExecutable(): boolean {
	return singleExecutable() !== undefined;
}

/** A missing asset is a broken build or install, not an operator mistake. */
export class MissingAssetError extends OmsError {
	override readonly name = 'MissingAssetError';

	constructor(path: string, cause?: unknown) {
		const where = isSingleExecutable()
			? 'this single executable does not embed it'
			: `it is not in ${packageDirectory}`;
		super(`the program file ${path} is missing: ${where}.`, {
			cause,
			hint: isSingleExecutable()
				? 'Rebuild the file with `npm run release`.'
				: 'Reinstall the package, or run `npm ci && npm run build` in the checkout.',
		});
	}
}

/** The bytes of one file. */
export function readAsset(path: string): Buffer {
	const executable = singleExecutable();
	try {
		return executable ? Buffer.from(executable.getAsset(path)) : readFileSync(join(packageDirectory, path));
	} catch (error) {
		throw new MissingAssetError(path, error);
	}
}

/** The names of the files directly in `directory`, sorted. */
export function assetNames(directory: string): string[] {
	const prefix = directory.replace(/\/*$/, '/');
	if (isSingleExecutable()) {
		const paths = JSON.parse(readAsset('assets.json').toString('utf8')) as string[];
		const names = paths
			.filter(path => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
			.map(path => path.slice(prefix.length));
		if (names.length === 0) throw new MissingAssetError(directory);
		return names.sort();
	}
	try {
		return readdirSync(join(packageDirectory, directory), {withFileTypes: true})
			.filter(entry => entry.isFile())
			.map(entry => entry.name)
			.sort();
	} catch (error) {
		throw new MissingAssetError(directory, error);
	}
}

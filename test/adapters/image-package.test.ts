import {mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {imageIdOfConfig, inspectPackage} from '../../source/adapters/image-package.js';
import {normalizeReference} from '../../source/domain/image-reference.js';

let dir: string;
let files: string;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-package-'));
	files = path.join(dir, 'files');
	await mkdir(files);
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** A docker-save-like archive: manifest.json, repositories, a config and a layer, archived with the system tar. */
async function savedImage(
	archive: string,
	flags: readonly string[],
	manifest: string,
	repositories: string | undefined,
): Promise<string> {
	await writeFile(path.join(files, 'manifest.json'), manifest);
	await writeFile(path.join(files, 'x.json'), '{"architecture":"amd64"}');
	await mkdir(path.join(files, 'abc123'));
	await writeFile(path.join(files, 'abc123', 'layer.tar'), Buffer.alloc(4096, 1));
	const names = ['x.json', 'abc123', 'manifest.json'];
	if (repositories !== undefined) {
		await writeFile(path.join(files, 'repositories'), repositories);
		names.push('repositories');
	}
	const file = path.join(dir, archive);
	await execa('tar', [...flags, '-f', file, '-C', files, ...names]);
	return file;
}

const manifest = '[{"Config":"x.json","RepoTags":["oms:feature_4.2.9-ce"],"Layers":[]}]';
const repositories = '{"oms":{"feature_4.2.9-ce":"abc123"}}';

describe('inspectPackage', () => {
	it('reads the tags of a docker save archive and its size', async () => {
		const file = await savedImage('oms.tar', ['-c'], manifest, repositories);
		// The entries added up: x.json, the 4 KiB layer, manifest.json, repositories.
		const unpackedBytes = 24 + 4096 + manifest.length + repositories.length;
		expect(await inspectPackage(file)).toEqual({
			bytes: (await stat(file)).size,
			unpackedBytes,
			repoTags: ['oms:feature_4.2.9-ce'],
			imageIds: {},
		});
	});

	it('reads a gzip archive', async () => {
		const file = await savedImage('oms.tar.gz', ['-cz'], manifest, repositories);
		// The entries added up: x.json, the 4 KiB layer, manifest.json, repositories.
		const unpackedBytes = 24 + 4096 + manifest.length + repositories.length;
		expect(await inspectPackage(file)).toEqual({
			bytes: (await stat(file)).size,
			unpackedBytes,
			repoTags: ['oms:feature_4.2.9-ce'],
			imageIds: {},
		});
	});

	it('adds the tags of repositories and normalizes docker.io names', async () => {
		const file = await savedImage(
			'two.tar',
			['-c'],
			'[{"Config":"x.json","RepoTags":["docker.io/library/oms:feature_4.2.9-ce","reg.local:5000/oms:b"],"Layers":[]}]',
			'{"docker.io/library/oms":{"feature_4.2.9-ce":"abc123","latest":"abc123"},"docker.io/oceanbase/oms":{"x":"abc123"}}',
		);
		expect((await inspectPackage(file)).repoTags).toEqual([
			'oms:feature_4.2.9-ce',
			'reg.local:5000/oms:b',
			'oms:latest',
			'oceanbase/oms:x',
		]);
	});

	it('has no tags for an untagged image', async () => {
		const untagged = '[{"Config":"x.json","RepoTags":null,"Layers":[]}]';
		const file = await savedImage('untagged.tar', ['-c'], untagged, undefined);
		expect(await inspectPackage(file)).toEqual({
			bytes: (await stat(file)).size,
			unpackedBytes: 24 + 4096 + untagged.length,
			repoTags: [],
			imageIds: {},
		});
	});

	it('finds manifest.json archived as ./manifest.json', async () => {
		await writeFile(path.join(files, 'manifest.json'), manifest);
		const file = path.join(dir, 'dot.tar');
		await execa('tar', ['-c', '-f', file, '-C', files, '.']);
		expect((await inspectPackage(file)).repoTags).toEqual(['oms:feature_4.2.9-ce']);
	});

	it('reads a package once per process: the same path, size and mtime give the first answer; a changed file is read again', async () => {
		const file = await savedImage('p.tar', ['-c'], manifest, undefined);
		const mtime = new Date('2026-11-25T06:00:00Z');
		await utimes(file, mtime, mtime);
		expect((await inspectPackage(file)).repoTags).toEqual(['oms:feature_4.2.9-ce']);
		// Same length, other tag, same mtime: still the first answer, so the file was not read again.
		await writeFile(file, Buffer.from((await readFile(file)).toString('latin1').replace('4.2.9', '4.2.7'), 'latin1'));
		await utimes(file, mtime, mtime);
		expect((await inspectPackage(file)).repoTags).toEqual(['oms:feature_4.2.9-ce']);
		await utimes(file, mtime, new Date(mtime.getTime() + 1000));
		expect((await inspectPackage(file)).repoTags).toEqual(['oms:feature_4.2.7-ce']);
	});
});

describe('normalizeReference', () => {
	it.each([
		['docker.io/library/oms:feature_4.2.9-ce', 'oms:feature_4.2.9-ce'],
		['docker.io/oceanbase/oms:feature_4.2.9-ce', 'oceanbase/oms:feature_4.2.9-ce'],
		['oms:feature_4.2.9-ce', 'oms:feature_4.2.9-ce'],
		['reg.local:5000/library/oms:x', 'reg.local:5000/library/oms:x'],
		['mirror/docker.io/library/oms:x', 'mirror/docker.io/library/oms:x'],
	])('%s → %s', (reference, normalized) => {
		expect(normalizeReference(reference)).toBe(normalized);
	});
});

describe('imageIdOfConfig', () => {
	const hex = 'a'.repeat(64);
	it('reads the image id from the config path of both docker save layouts', () => {
		expect(imageIdOfConfig(`blobs/sha256/${hex}`)).toBe(`sha256:${hex}`);
		expect(imageIdOfConfig(`${hex}.json`)).toBe(`sha256:${hex}`);
		expect(imageIdOfConfig('x.json')).toBeUndefined();
	});
});

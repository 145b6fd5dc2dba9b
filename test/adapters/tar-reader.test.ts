import {createReadStream} from 'node:fs';
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readTarEntries, type TarEntry} from '../../source/adapters/tar-reader.js';

let dir: string;
let files: string;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-tar-'));
	files = path.join(dir, 'files');
	await mkdir(files);
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

async function put(name: string, content: string | Buffer): Promise<void> {
	await mkdir(path.dirname(path.join(files, name)), {recursive: true});
	await writeFile(path.join(files, name), content);
}

/** Archives `names` (relative to the files folder) with the system tar and returns the archive's path. */
async function tar(archive: string, flags: readonly string[], names: readonly string[]): Promise<string> {
	const file = path.join(dir, archive);
	await execa('tar', [...flags, '-f', file, '-C', files, ...names]);
	return file;
}

function contents(found: Array<{entry: TarEntry; content: Buffer}>): Array<[string, string]> {
	return found.map(({entry, content}) => [entry.name, content.toString('utf8')]);
}

describe('readTarEntries', () => {
	beforeEach(async () => {
		await put('a.txt', 'first file\n');
		await put('b.json', '{"b":true}');
		await put('sub/c.txt', 'in a folder');
	});

	it('returns only the wanted entries of a plain tar, with name, type and size', async () => {
		const file = await tar('plain.tar', ['-c'], ['a.txt', 'b.json', 'sub']);
		const found = await readTarEntries(createReadStream(file), entry => entry.name === 'b.json');
		expect(found).toEqual([{entry: {name: 'b.json', type: 'file', size: 10}, content: Buffer.from('{"b":true}')}]);
	});

	it('reads a gzip tar the same way', async () => {
		const file = await tar('packed.tar.gz', ['-cz'], ['a.txt', 'b.json', 'sub']);
		const found = await readTarEntries(createReadStream(file), entry => entry.name === 'a.txt' || entry.name === 'sub/c.txt');
		expect(contents(found)).toEqual([
			['a.txt', 'first file\n'],
			['sub/c.txt', 'in a folder'],
		]);
	});

	it('shows every entry to want, with types, and strips a leading ./', async () => {
		await symlink('a.txt', path.join(files, 'link'));
		const file = await tar('dot.tar', ['-c'], ['./a.txt', './sub', './link']);
		const seen: TarEntry[] = [];
		const found = await readTarEntries(createReadStream(file), entry => {
			seen.push(entry);
			return false;
		});
		expect(found).toEqual([]);
		expect(seen).toEqual([
			{name: 'a.txt', type: 'file', size: 11},
			{name: 'sub/', type: 'directory', size: 0},
			{name: 'sub/c.txt', type: 'file', size: 11},
			{name: 'link', type: 'symlink', size: 0},
		]);
	});

	it('reads a long path name from a pax header', async () => {
		const long = `${'d'.repeat(60)}/${'f'.repeat(70)}.txt`;
		expect(long.length).toBeGreaterThan(100);
		await put(long, 'deep');
		const file = await tar('pax.tar', ['-c', '--format=pax'], ['a.txt', long, 'b.json']);
		const found = await readTarEntries(createReadStream(file), () => true);
		expect(contents(found)).toEqual([
			['a.txt', 'first file\n'],
			[long, 'deep'],
			['b.json', '{"b":true}'],
		]);
	});

	it('reads a long path name from a GNU ././@LongLink entry (GNU tar\'s default format)', async () => {
		const long = `${'g'.repeat(60)}/${'h'.repeat(70)}.txt`;
		await put(long, 'gnu');
		const file = await tar('gnu.tar', ['-c', '--format=gnu'], ['a.txt', long]);
		const seen: string[] = [];
		const found = await readTarEntries(createReadStream(file), entry => {
			seen.push(entry.name);
			return true;
		});
		expect(seen).toEqual(['a.txt', long]);
		expect(contents(found)).toEqual([
			['a.txt', 'first file\n'],
			[long, 'gnu'],
		]);
	});

	it('reads a long path name split into the ustar prefix', async () => {
		const long = `${'p'.repeat(80)}/${'q'.repeat(40)}/leaf.txt`;
		expect(long.length).toBeGreaterThan(100);
		await put(long, 'split');
		const file = await tar('ustar.tar', ['-c', '--format=ustar'], [long, 'a.txt']);
		const found = await readTarEntries(createReadStream(file), entry => entry.name.endsWith('.txt'));
		expect(contents(found)).toEqual([
			[long, 'split'],
			['a.txt', 'first file\n'],
		]);
	});

	it('reassembles entries and headers split across small chunks', async () => {
		const big = Buffer.alloc(70_000);
		for (let index = 0; index < big.length; index += 1) big[index] = (index * 7) % 251;
		await put('big.bin', big);
		await put('exact.bin', Buffer.alloc(1024, 0x61));
		await put('empty.txt', '');
		const file = await tar('chunks.tar', ['-c'], ['big.bin', 'empty.txt', 'exact.bin', 'a.txt']);
		const found = await readTarEntries(createReadStream(file, {highWaterMark: 100}), () => true);
		expect(found.map(({entry}) => entry)).toEqual([
			{name: 'big.bin', type: 'file', size: 70_000},
			{name: 'empty.txt', type: 'file', size: 0},
			{name: 'exact.bin', type: 'file', size: 1024},
			{name: 'a.txt', type: 'file', size: 11},
		]);
		expect(found[0]!.content.equals(big)).toBe(true);
		expect(found[1]!.content.length).toBe(0);
		expect(found[2]!.content.equals(Buffer.alloc(1024, 0x61))).toBe(true);
		expect(found[3]!.content.toString('utf8')).toBe('first file\n');
	});

	it('returns nothing for an empty stream', async () => {
		expect(await readTarEntries(Readable.from([]), () => true)).toEqual([]);
	});

	it('returns nothing for an archive without entries', async () => {
		const file = path.join(dir, 'empty.tar');
		await execa('tar', ['-c', '-f', file, '-T', '/dev/null']);
		expect(await readTarEntries(createReadStream(file), () => true)).toEqual([]);
	});
});

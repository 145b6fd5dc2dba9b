import {createReadStream} from 'node:fs';
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {execa} from 'execa';
import tarStream from 'tar-stream';
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

/** An archive built in memory with tar-stream's packer: each entry with its content. */
async function pack(entries: ReadonlyArray<{header: tarStream.Headers; content: string}>): Promise<Buffer> {
	const packer = tarStream.pack();
	for (const {header, content} of entries) packer.entry(header, content);
	packer.finalize();
	const chunks: Buffer[] = [];
	for await (const chunk of packer as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/** Rewrites the 512-byte header at `offset` with `change` and stores its checksum again, as a writer would. */
function patchHeader(archive: Buffer, offset: number, change: (header: Buffer) => void): void {
	const header = archive.subarray(offset, offset + 512);
	change(header);
	header.fill(0x20, 148, 156);
	const sum = header.reduce((total, byte) => total + byte, 0);
	header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
}

/** The size field (offset 124, 12 bytes) in GNU base-256: 0x80, then the value big-endian. */
function base256Size(header: Buffer, size: bigint): void {
	header.fill(0, 124, 136);
	header[124] = 0x80;
	header.writeBigUInt64BE(size, 128);
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
		const found = await readTarEntries(
			createReadStream(file),
			entry => entry.name === 'a.txt' || entry.name === 'sub/c.txt',
		);
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

	it("reads a long path name from a GNU ././@LongLink entry (GNU tar's default format)", async () => {
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
	it('skips a pax global header (git archive writes one) and shows want only the real entries', async () => {
		await execa('git', ['init', '-q', files]);
		await execa('git', ['-C', files, 'add', '.']);
		await execa('git', ['-C', files, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'files']);
		const file = path.join(dir, 'git.tar');
		await execa('git', ['-C', files, 'archive', '--format=tar', '-o', file, 'HEAD']);
		const seen: string[] = [];
		const found = await readTarEntries(createReadStream(file), entry => {
			seen.push(entry.name);
			return entry.name === 'a.txt';
		});
		expect(seen).toEqual(['a.txt', 'b.json', 'sub/', 'sub/c.txt']);
		expect(contents(found)).toEqual([['a.txt', 'first file\n']]);
	});

	it("takes an entry's size from its pax header over the ustar field", async () => {
		const archive = await pack([
			{header: {name: 'sized.txt', size: 5, pax: {size: '5'}} as tarStream.Headers, content: 'hello'},
			{header: {name: 'after.txt', size: 3}, content: 'end'},
		]);
		// The pax record comes first (header + one block of records), then the entry's own ustar header.
		patchHeader(archive, 1024, header => header.write('00000000000\0', 124, 'ascii'));
		const found = await readTarEntries(Readable.from([archive]), () => true);
		expect(contents(found)).toEqual([
			['sized.txt', 'hello'],
			['after.txt', 'end'],
		]);
	});

	it('reads a size written in base-256, as tar writes sizes of 8 GiB and more', async () => {
		const archive = await pack([
			{header: {name: 'small.txt', size: 5}, content: 'small'},
			{header: {name: 'next.txt', size: 4}, content: 'next'},
		]);
		patchHeader(archive, 0, header => base256Size(header, 5n));
		const found = await readTarEntries(Readable.from([archive]), () => true);
		expect(found.map(({entry}) => entry)).toEqual([
			{name: 'small.txt', type: 'file', size: 5},
			{name: 'next.txt', type: 'file', size: 4},
		]);
	});

	it('reports a declared size over 8 GiB and rejects the archive that ends before it', async () => {
		const huge = 9n * 1024n ** 3n;
		const archive = await pack([{header: {name: 'image.layer', size: 4}, content: 'data'}]);
		patchHeader(archive, 0, header => base256Size(header, huge));
		const seen: TarEntry[] = [];
		const reading = readTarEntries(Readable.from([archive]), entry => {
			seen.push(entry);
			return false;
		});
		await expect(reading).rejects.toThrow(/unexpected end/i);
		expect(seen).toEqual([{name: 'image.layer', type: 'file', size: Number(huge)}]);
	});

	it('rejects a header whose checksum does not match instead of reading garbage', async () => {
		const archive = await pack([{header: {name: 'a.txt', size: 5}, content: 'hello'}]);
		archive[0] = 'b'.charCodeAt(0);
		await expect(readTarEntries(Readable.from([archive]), () => true)).rejects.toThrow(/invalid tar header/i);
	});

	it('rejects when the source fails mid-archive (a read error is not an empty archive)', async () => {
		const archive = await pack([{header: {name: 'a.txt', size: 5}, content: 'hello'}]);
		async function* broken(): AsyncGenerator<Buffer> {
			yield archive.subarray(0, 512);
			throw new Error('EIO: i/o error, read');
		}
		await expect(readTarEntries(Readable.from(broken()), () => true)).rejects.toThrow('EIO: i/o error, read');
	});
});

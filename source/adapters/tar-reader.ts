import {Readable, type Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGunzip} from 'node:zlib';
import tarStream from 'tar-stream';

export type TarEntry = {
	readonly name: string;
	/** `file`, `directory`, `symlink` or `other`. */
	readonly type: 'file' | 'directory' | 'symlink' | 'other';
	readonly size: number;
};

/**
 * Reads a tar stream and returns the contents of the entries `want` asks for. tar-stream parses the
 * archive (header checksums, base-256 sizes, pax and GNU long names, pax sizes, global headers); only
 * what is asked for is buffered, so a multi-gigabyte image archive streams through. Gzip is detected
 * from the first bytes. A read error, a bad header or an archive that ends inside an entry rejects.
 */
export async function readTarEntries(
	source: NodeJS.ReadableStream,
	want: (entry: TarEntry) => boolean,
): Promise<Array<{entry: TarEntry; content: Buffer}>> {
	const found: Array<{entry: TarEntry; content: Buffer}> = [];
	// The old v7 format has no magic; docker's archives are ustar or pax, but a plain tar is accepted too.
	const extract = tarStream.extract({allowUnknownFormat: true});
	extract.on('entry', (header: tarStream.Headers, stream: Readable, next: (error?: unknown) => void) => {
		const entry: TarEntry = {
			name: header.name.replace(/^\.\//, ''),
			type: entryType(header.type),
			size: header.size ?? 0,
		};
		const keep = want(entry);
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => {
			if (keep) chunks.push(chunk);
		});
		stream.on('end', () => {
			if (keep) found.push({entry, content: Buffer.concat(chunks)});
			next();
		});
	});
	const {head, replay} = await peek(source);
	const gzip = head[0] === 0x1f && head[1] === 0x8b;
	await (gzip ? pipeline(replay, createGunzip(), extract as Writable) : pipeline(replay, extract as Writable));
	return found;
}

/** The first chunk of `source` (to recognise gzip) and a stream that replays it, then the rest. */
async function peek(source: NodeJS.ReadableStream): Promise<{head: Buffer; replay: Readable}> {
	const iterator = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
	const first = await iterator.next();
	const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
	async function* rest(): AsyncGenerator<Buffer> {
		if (head.length > 0) yield head;
		for (;;) {
			const next = await iterator.next();
			if (next.done) return;
			yield Buffer.from(next.value);
		}
	}
	return {head, replay: Readable.from(rest())};
}

function entryType(type: tarStream.Headers['type']): TarEntry['type'] {
	if (type === 'file' || type === 'contiguous-file') return 'file';
	if (type === 'directory') return 'directory';
	if (type === 'symlink') return 'symlink';
	return 'other';
}

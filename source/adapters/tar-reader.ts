import {createGunzip} from 'node:zlib';
import {Readable} from 'node:stream';

export type TarEntry = {
	readonly name: string;
	/** `file`, `directory`, `symlink` or `other`. */
	readonly type: 'file' | 'directory' | 'symlink' | 'other';
	readonly size: number;
};

/**
 * Reads a tar stream and returns the contents of the entries `want` asks for.
 * Only what is asked for is buffered, so a multi-gigabyte image archive streams through.
 * Gzip is detected from the first bytes.
 */
export async function readTarEntries(
	source: NodeJS.ReadableStream,
	want: (entry: TarEntry) => boolean,
): Promise<Array<{entry: TarEntry; content: Buffer}>> {
	const stream = await maybeGunzip(source);
	const found: Array<{entry: TarEntry; content: Buffer}> = [];
	let pending: Buffer = Buffer.alloc(0);
	let current: {entry: TarEntry; keep: boolean; chunks: Buffer[]; remaining: number; padding: number} | undefined;
	let paxPath: string | undefined;

	for await (const chunk of stream as AsyncIterable<Buffer>) {
		pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
		for (;;) {
			if (current) {
				const take = Math.min(current.remaining, pending.length);
				if (current.keep && take > 0) current.chunks.push(pending.subarray(0, take));
				current.remaining -= take;
				pending = pending.subarray(take);
				if (current.remaining > 0) break;
				const skip = Math.min(current.padding, pending.length);
				current.padding -= skip;
				pending = pending.subarray(skip);
				if (current.padding > 0) break;
				if (current.entry.type === 'other' && current.entry.name === '\0pax') {
					paxPath = parsePaxPath(Buffer.concat(current.chunks));
				} else if (current.entry.type === 'other' && current.entry.name === '\0gnu') {
					paxPath = cString(Buffer.concat(current.chunks));
				} else if (current.keep) {
					found.push({entry: current.entry, content: Buffer.concat(current.chunks)});
				}
				current = undefined;
			}
			if (pending.length < 512) break;
			const header = pending.subarray(0, 512);
			pending = pending.subarray(512);
			if (header.every(byte => byte === 0)) continue;
			const size = parseOctal(header.subarray(124, 136));
			const flag = String.fromCharCode(header[156] ?? 0);
			const padding = (512 - (size % 512)) % 512;
			if (flag === 'x' || flag === 'L') {
				// Long names: pax records (Go, docker save) or GNU ././@LongLink entries (GNU tar's default).
				current = {entry: {name: flag === 'x' ? '\0pax' : '\0gnu', type: 'other', size}, keep: true, chunks: [], remaining: size, padding};
				continue;
			}
			const prefix = cString(header.subarray(345, 500));
			const name = paxPath ?? (prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
			paxPath = undefined;
			const entry: TarEntry = {name: name.replace(/^\.\//, ''), type: entryType(flag), size};
			current = {entry, keep: want(entry), chunks: [], remaining: size, padding};
		}
	}
	return found;
}

async function maybeGunzip(source: NodeJS.ReadableStream): Promise<Readable> {
	const iterator = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
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
	const replay = Readable.from(rest());
	if (head[0] === 0x1f && head[1] === 0x8b) return replay.pipe(createGunzip());
	return replay;
}

function parseOctal(field: Buffer): number {
	const text = cString(field).trim();
	return text ? Number.parseInt(text, 8) : 0;
}

function cString(field: Buffer): string {
	const end = field.indexOf(0);
	return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function entryType(flag: string): TarEntry['type'] {
	if (flag === '0' || flag === '\0' || flag === '7') return 'file';
	if (flag === '5') return 'directory';
	if (flag === '2') return 'symlink';
	return 'other';
}

function parsePaxPath(records: Buffer): string | undefined {
	const match = /\d+ path=([^\n]*)\n/.exec(records.toString('utf8'));
	return match?.[1];
}

import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {containerLogTail} from '../../source/adapters/container-logs.js';
import {demultiplexer, execInContainer} from '../../source/adapters/docker-streams.js';
import type {EngineHandle} from '../../source/adapters/engine-handle.js';

/** One frame of Docker's multiplexed stream: stream 1 (stdout) or 2 (stderr), 3 zero bytes, length, payload. */
function frame(stream: 1 | 2, text: string): Buffer {
	const payload = Buffer.from(text, 'utf8');
	const header = Buffer.alloc(8);
	header[0] = stream;
	header.writeUInt32BE(payload.length, 4);
	return Buffer.concat([header, payload]);
}

async function demultiplexed(chunks: readonly Buffer[]): Promise<string> {
	const output = demultiplexer();
	for (const chunk of chunks) output.write(chunk);
	output.end();
	return Buffer.concat(await output.toArray()).toString('utf8');
}

/** `bytes` cut into pieces of `size` bytes (the last shorter). */
function pieces(bytes: Buffer, size: number): Buffer[] {
	const cut: Buffer[] = [];
	for (let at = 0; at < bytes.length; at += size) cut.push(bytes.subarray(at, at + size));
	return cut;
}

const interleaved = Buffer.concat([
	frame(1, 'out 1\n'),
	frame(2, 'err 1\n'),
	frame(1, 'out 2\n'),
	frame(2, 'err ü 2\n'),
]);

describe('demultiplexer: Docker stream frames to text', () => {
	it('keeps interleaved stdout and stderr frames in the order they were written, headers removed', async () => {
		expect(await demultiplexed([interleaved])).toBe('out 1\nerr 1\nout 2\nerr ü 2\n');
	});

	it('reassembles frames split across chunks at every byte, header and payload (a multi-byte character too)', async () => {
		for (const size of [1, 2, 3, 5, 7, 8, 9, 13])
			expect(await demultiplexed(pieces(interleaved, size)), `chunks of ${size}`).toBe(
				'out 1\nerr 1\nout 2\nerr ü 2\n',
			);
	});

	it('passes a TTY stream (raw text, no headers) as it is, short text and text split across chunks too', async () => {
		expect(await demultiplexed([Buffer.from('ok\n')])).toBe('ok\n');
		expect(await demultiplexed(pieces(Buffer.from('[Completed] All initialization steps are executed\n'), 3))).toBe(
			'[Completed] All initialization steps are executed\n',
		);
	});

	it('passes on what arrived of a frame cut short at the end', async () => {
		expect(await demultiplexed([frame(1, 'whole\n'), frame(2, 'cut short\n').subarray(0, 12)])).toBe('whole\ncut ');
	});
});

describe('the adapters that read Docker streams use it', () => {
	const engineAnswering = (api: object): EngineHandle =>
		({
			host: '10.0.0.1',
			deadlines: {connectMs: 1000, requestMs: 1000, streamIdleMs: 1000},
			streamApi: () => api,
			call: async <T>(_action: string, run: (signal: AbortSignal) => Promise<T>) => run(new AbortController().signal),
		}) as unknown as EngineHandle;

	it('containerLogTail: the last lines of a framed log, stdout and stderr interleaved', async () => {
		const engine = engineAnswering({getContainer: () => ({logs: async () => interleaved})});
		expect(await containerLogTail(engine, 'oms', 3)).toEqual(['err 1', 'out 2', 'err ü 2']);
	});

	it('execInContainer: the lines of framed exec output arriving in split chunks', async () => {
		const engine = engineAnswering({
			getContainer: () => ({
				exec: async () => ({
					start: async () => {
						const stream = new PassThrough();
						const chunks = pieces(interleaved, 5);
						const send = () => {
							const next = chunks.shift();
							if (next) stream.write(next, () => setImmediate(send));
							else stream.end();
						};
						setImmediate(send);
						return stream;
					},
					inspect: async () => ({Running: false, ExitCode: 0}),
				}),
			}),
		});
		const seen: string[] = [];
		const result = await execInContainer(engine, 'oms', ['true'], line => seen.push(line), 5000);
		expect(result).toEqual({exitCode: 0, lines: ['out 1', 'err 1', 'out 2', 'err ü 2']});
		expect(seen).toEqual(result.lines);
	});
});

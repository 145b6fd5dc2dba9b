import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough, type Readable} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {DockerEngine} from '../../source/adapters/docker-engine.js';
import {loadImage} from '../../source/adapters/docker-streams.js';
import {ExternalError} from '../../source/domain/errors.js';

/**
 * An engine whose `docker load` answers like the API: only once the whole upload has arrived (and not
 * at all if it stops half-way), unless the request is aborted. `streamIdleMs` is long, so a test that
 * ends early did not end by the idle deadline.
 */
function loadingEngine(answer: readonly string[]) {
	const received: Buffer[] = [];
	const api = {
		loadImage: async (body: Readable, options: {abortSignal: AbortSignal}) =>
			new Promise<Readable>((resolve, reject) => {
				options.abortSignal.addEventListener('abort', () => reject(new Error('request aborted')));
				body.on('data', (chunk: Buffer) => received.push(chunk));
				body.on('end', () => {
					const response = new PassThrough();
					response.end(answer.map(line => `${line}\n`).join(''));
					resolve(response);
				});
			}),
	};
	const engine = {
		host: '10.0.0.1',
		deadlines: {connectMs: 1000, requestMs: 1000, streamIdleMs: 60_000},
		streamApi: () => api,
		wrap: (action: string, error: unknown) =>
			new ExternalError(`node 10.0.0.1: cannot ${action}: ${(error as Error).message}.`, {cause: error}),
		timedOut: (action: string) => new ExternalError(`node 10.0.0.1: ${action} timed out.`),
	};
	return {engine: engine as unknown as DockerEngine, received};
}

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-load-'));
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('loadImage', () => {
	it("uploads the file, reports progress and returns the engine's messages", async () => {
		const file = path.join(dir, 'image.tar');
		await writeFile(file, Buffer.alloc(100_000, 1));
		const {engine, received} = loadingEngine(['{"stream":"Loaded image: oms:4.2.6\\n"}']);
		const progress: number[] = [];
		await expect(loadImage(engine, file, sent => progress.push(sent))).resolves.toEqual(['Loaded image: oms:4.2.6']);
		expect(Buffer.concat(received).length).toBe(100_000);
		expect(progress.at(-1)).toBe(100_000);
	});

	it('fails at once, naming the file, when the file cannot be read (no wait for the idle deadline)', async () => {
		// stat succeeds on a directory; reading it fails with EISDIR, as a failing disk fails with EIO.
		const {engine} = loadingEngine([]);
		const started = Date.now();
		const error = await loadImage(engine, dir, () => undefined).catch((caught: unknown) => caught);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(error).toBeInstanceOf(ExternalError);
		expect((error as Error).message).toBe(
			`node 10.0.0.1: cannot read ${dir} while loading it: EISDIR: illegal operation on a directory, read.`,
		);
		expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('EISDIR');
	});

	it("fails with the engine's words when it rejects the archive", async () => {
		const file = path.join(dir, 'bad.tar');
		await writeFile(file, 'not a tar');
		const {engine} = loadingEngine(['{"error":"archive/tar: invalid tar header"}']);
		await expect(loadImage(engine, file, () => undefined)).rejects.toThrow(
			'node 10.0.0.1: cannot load ' + file + ': archive/tar: invalid tar header.',
		);
	});
});

import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findClient} from '../../source/adapters/clients.js';
import {ExternalError} from '../../source/domain/errors.js';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-clients-'));
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** An executable shell script standing in for a client program. */
async function program(name: string, body: string): Promise<string> {
	const file = path.join(dir, name);
	await writeFile(file, `#!/bin/sh\n${body}\n`);
	await chmod(file, 0o755);
	return file;
}

describe('findClient', () => {
	it('takes the first candidate that answers --version, passing over ones that are not installed', async () => {
		const good = await program('mariadb-dump', 'echo "mariadb-dump from 11.4"');
		expect(await findClient(['oms-no-such-client', good])).toEqual({name: good, version: 'mariadb-dump from 11.4'});
	});

	it('says not found (undefined) only when no candidate is installed', async () => {
		expect(await findClient(['oms-no-such-client', 'oms-no-such-client-either'])).toBeUndefined();
	});

	it('names an installed client that fails to run instead of calling it missing', async () => {
		const broken = await program(
			'mysqldump',
			'echo "error while loading shared libraries: libmariadb.so.3: cannot open shared object file" >&2; exit 127',
		);
		const error = await findClient([broken, 'oms-no-such-client']).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ExternalError);
		expect((error as Error).message).toBe(
			`${broken} is installed but cannot be run (\`${broken} --version\` exited 127: error while loading shared libraries: libmariadb.so.3: cannot open shared object file).`,
		);
	});

	it('uses a working candidate after a broken one', async () => {
		const broken = await program('mysql', 'exit 1');
		const good = await program('mariadb', 'echo "mariadb from 11.4"');
		expect(await findClient([broken, good])).toEqual({name: good, version: 'mariadb from 11.4'});
	});
});

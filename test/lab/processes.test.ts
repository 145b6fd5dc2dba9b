import {spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';

// The probe runs the built module (npm run build) in a child whose parent shell names the directory.
const processesModule = new URL('../../dist/lab/processes.js', import.meta.url).pathname;
let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'oms-procs-'));
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('processesUnder', () => {
	it('finds a daemon working in the lab directory but never the processes that started the caller', async () => {
		const daemon = spawn('sleep', ['30'], {cwd: dir, stdio: 'ignore'});
		try {
			const probe = path.join(dir, 'probe.mjs');
			await writeFile(
				probe,
				`import {processesUnder} from ${JSON.stringify(processesModule)};\nconsole.log(JSON.stringify(await processesUnder(process.argv[2])));\n`,
			);
			// `sudo oms-upgrade lab down --dir X` or a script: the parent's argv names the directory too.
			const wrapper = execa('sh', ['-c', `node ${probe} ${dir}; true`]);
			const {stdout} = await wrapper;
			const found = JSON.parse(stdout) as number[];
			expect(found).toContain(daemon.pid);
			expect(found).not.toContain(wrapper.pid);
			expect(found).not.toContain(process.pid);
		} finally {
			daemon.kill();
		}
	});
});

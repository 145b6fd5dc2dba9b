import {readFileSync} from 'node:fs';
import {mkdir, mkdtemp, readdir, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {removeAllButLogs} from '../../source/lab/lab.js';
import {labDaemonVariable, obProxyCommand} from '../../source/lab/metadb-server.js';

let directory: string;
beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'oms-lab-kept-'));
});
afterEach(async () => {
	await rm(directory, {recursive: true, force: true});
});

async function tree(root: string): Promise<string[]> {
	const entries = await readdir(root, {recursive: true, withFileTypes: true});
	return entries.map(entry => relative(directory, join(entry.parentPath, entry.name))).sort();
}

describe('a failed lab up keeps the logs its message may name', () => {
	it('removes everything but the *.log files and the directories that hold them', async () => {
		await mkdir(join(directory, 'metadb', 'data', 'mysql'), {recursive: true});
		await mkdir(join(directory, 'node1', 'engine', 'data'), {recursive: true});
		await mkdir(join(directory, 'image'), {recursive: true});
		await writeFile(join(directory, 'metadb', 'ob-proxy.log'), 'did not start\n');
		await writeFile(join(directory, 'metadb', 'mariadbd.log'), 'ready\n');
		await writeFile(join(directory, 'metadb', 'data', 'mysql', 'user.frm'), '');
		await writeFile(join(directory, 'node1', 'engine', 'dockerd.log'), 'API listen\n');
		await writeFile(join(directory, 'node1', 'engine', 'data', 'x.db'), '');
		await writeFile(join(directory, 'image', 'rootfs.tar'), '');
		await writeFile(join(directory, 'lab.json'), '{}');
		await symlink('/etc/passwd', join(directory, 'metadb', 'link.log'));
		await removeAllButLogs(directory);
		expect(await tree(directory)).toEqual([
			'metadb',
			'metadb/mariadbd.log',
			'metadb/ob-proxy.log',
			'node1',
			'node1/engine',
			'node1/engine/dockerd.log',
		]);
	});

	it('does nothing where there is no directory', async () => {
		await expect(removeAllButLogs(join(directory, 'none'))).resolves.toBeUndefined();
	});
});

describe('how the OBProxy stand-in daemon is started', () => {
	const args = ['--port', '1', '--upstream-port', '2', '--user', 'u@t#c', '--account', 'u'];

	it('from a checkout or the npm package: the built proxy program under this Node.js', () => {
		const command = obProxyCommand(args, false);
		expect(command.command).toBe(process.execPath);
		expect(command.args[0]).toMatch(/\/dist\/lab\/ob-proxy-main\.js$/);
		expect(command.args.slice(1)).toEqual(args);
		expect(command.env).toBeUndefined();
	});

	it('in the single executable: the executable itself, told by the environment to be the proxy, not the CLI', () => {
		expect(obProxyCommand(args, true)).toEqual({
			command: process.execPath,
			args,
			env: {[labDaemonVariable]: 'ob-proxy'},
		});
		// The executable's entry recognises that switch (the release smoke starts an ob lab from the file).
		expect(readFileSync('scripts/release/sea-main.js', 'utf8')).toContain(`process.env.${labDaemonVariable}`);
	});
});

import {chmod, copyFile, mkdir, symlink, writeFile} from 'node:fs/promises';
import {createReadStream, createWriteStream} from 'node:fs';
import {dirname, join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import type Docker from 'dockerode';
import {execa} from 'execa';
import {assetNames, readAsset} from '../assets.js';
import {programPath} from './prerequisites.js';

/** The emulated OMS scripts: files of the package (embedded in the single executable). */
const scriptsDirectory = 'source/lab/image';

/** The image tag OMS uses for a version: 4.2.8-CE → oms:feature_4.2.8-ce. */
export function labImage(version: string): string {
	return `oms:feature_${version.replace(/-CE$/, '')}-ce`;
}

/**
 * Assembles the emulated OMS root file system (busybox, bash, the mariadb client and the libraries
 * `ldd` lists, the lab scripts) and packs it as a tar for `docker import`.
 */
export async function buildRootfs(directory: string, programs: Record<string, string>): Promise<string> {
	const root = join(directory, 'rootfs');
	for (const path of [
		'bin',
		'usr/bin',
		'etc',
		'tmp',
		'root',
		'home/admin/conf',
		'home/admin/logs',
		'home/ds/store',
		'home/ds/run',
		'proc',
		'sys',
		'dev',
	]) {
		await mkdir(join(root, path), {recursive: true});
	}
	await chmod(join(root, 'tmp'), 0o1777);
	await copyFile(programPath(programs, 'busybox'), join(root, 'bin/busybox'));
	await chmod(join(root, 'bin/busybox'), 0o755);
	const {stdout: applets} = await execa(programPath(programs, 'busybox'), ['--list']);
	for (const applet of applets.split('\n').filter(name => name && name !== 'busybox')) {
		await symlink('busybox', join(root, 'bin', applet)).catch(() => undefined);
	}
	for (const [program, target] of [
		[programPath(programs, 'bash'), 'bin/bash'],
		[programPath(programs, 'mariadb'), 'usr/bin/mariadb'],
	] as const) {
		await copyWithLibraries(program, join(root, target), root);
	}
	for (const script of assetNames(scriptsDirectory)) {
		const target = script === 'supervisorctl' ? join(root, 'usr/bin', script) : join(root, 'root', script);
		await writeFile(target, readAsset(`${scriptsDirectory}/${script}`));
		await chmod(target, 0o755);
	}
	await writeFile(
		join(root, 'etc/passwd'),
		'root:x:0:0:root:/root:/bin/bash\nadmin:x:500:500:admin:/home/admin:/bin/bash\n',
	);
	await writeFile(join(root, 'etc/group'), 'root:x:0:\nadmin:x:500:\n');
	const tarball = join(directory, 'rootfs.tar');
	await execa('tar', ['--numeric-owner', '-C', root, '-cf', tarball, '.']);
	return tarball;
}

async function copyWithLibraries(program: string, target: string, root: string): Promise<void> {
	await mkdir(dirname(target), {recursive: true});
	await copyFile(program, target);
	await chmod(target, 0o755);
	const {stdout} = await execa('ldd', [program]);
	for (const library of stdout.match(/\/\S+/g) ?? []) {
		const copy = join(root, library);
		await mkdir(dirname(copy), {recursive: true});
		await copyFile(library, copy);
	}
}

/** Imports the rootfs as the OMS image of `version` (`docker import` through the API). */
export async function importImage(api: Docker, tarball: string, version: string): Promise<string> {
	const reference = labImage(version);
	const [repo, tag] = reference.split(':') as [string, string];
	const changes = [
		`ENV OMS_IMAGE_VERSION=${version}`,
		'ENV PATH=/usr/bin:/bin',
		'WORKDIR /root',
		'LABEL org.oceanbase.oms.emulated=rehearsal-lab',
		'CMD ["/bin/bash", "/root/oms-entrypoint.sh"]',
	];
	const stream = await api.importImage(createReadStream(tarball), {repo, tag, changes} as unknown as object);
	await new Promise<void>((resolve, reject) =>
		api.modem.followProgress(stream, (error: Error | null, output: Array<{error?: string}>) => {
			const failure = error ?? output.find(line => line.error);
			if (failure) reject(failure instanceof Error ? failure : new Error(failure.error));
			else resolve();
		}),
	);
	return reference;
}

/** Saves an image as a gzip'd `docker save` archive: the package `docker load` takes. */
export async function saveImage(api: Docker, reference: string, file: string): Promise<void> {
	const stream = await api.getImage(reference).get();
	await pipeline(stream, createGzip(), createWriteStream(file));
}

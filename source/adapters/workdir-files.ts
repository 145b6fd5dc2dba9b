import {mkdir, readFile, stat} from 'node:fs/promises';
import type {WorkdirPort} from '../ports/workdir-port.js';
import {normalizeReference} from '../domain/image-reference.js';
import {inspectPackage} from './image-package.js';
import {writeJsonAtomic} from './json-file.js';
import {fileTail, sha256File} from './mysql-clients.js';

/** The workdir port on the local file system. */
export const workdirFiles: WorkdirPort = {
	makeDirectory: async directory => {
		await mkdir(directory, {recursive: true, mode: 0o700});
	},
	size: async file => (await stat(file)).size,
	tail: fileTail,
	sha256: sha256File,
	readText: async file => {
		try {
			return await readFile(file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw error;
		}
	},
	writeJson: writeJsonAtomic,
	packageImageId: async (file, image) => (await inspectPackage(file)).imageIds[normalizeReference(image)],
};

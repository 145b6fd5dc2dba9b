import {mkdir, open, rename} from 'node:fs/promises';
import {dirname} from 'node:path';

/** Atomic write: temp file, fsync, rename. A crash leaves the old or the new journal, never half of one. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
	await mkdir(dirname(file), {recursive: true});
	const temporary = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`;
	const handle = await open(temporary, 'w', 0o600);
	try {
		await handle.writeFile(JSON.stringify(value, null, 2) + '\n');
		await handle.sync();
	} finally {
		await handle.close();
	}
	await rename(temporary, file);
}

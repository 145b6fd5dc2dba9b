import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';
import type {Lab} from './lab-fixture.js';

/** Samples every process's argv while `during` runs; returns the command lines that contain `secret`. */
export async function argvContaining(
	secret: string,
	during: Promise<unknown>,
): Promise<{samples: number; leaks: string[]}> {
	let done = false;
	void during.finally(() => (done = true));
	const leaks = new Set<string>();
	let samples = 0;
	while (!done) {
		for (const pid of await readdir('/proc').catch(() => [])) {
			if (!/^\d+$/.test(pid)) continue;
			const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
			if (cmdline.includes(secret)) leaks.add(cmdline.replaceAll('\0', ' '));
		}
		samples += 1;
		await new Promise(resolve => setTimeout(resolve, 10));
	}
	await during;
	return {samples, leaks: [...leaks]};
}

/** Every file below `directory`, as text, that contains `secret`. */
export async function filesContaining(directory: string, secret: string): Promise<string[]> {
	const found: string[] = [];
	for (const entry of await readdir(directory, {recursive: true, withFileTypes: true})) {
		if (!entry.isFile()) continue;
		const path = join(entry.parentPath, entry.name);
		if ((await readFile(path, 'utf8')).includes(secret)) found.push(path);
	}
	return found;
}

/** Loads a dump into a scratch database as the MetaDB root, for comparing tables. */
export async function loadScratch(lab: Lab, database: string, dumpFile: string): Promise<void> {
	await lab.sql(`DROP DATABASE IF EXISTS \`${database}\`; CREATE DATABASE \`${database}\``);
	await execa('mariadb', ['--no-defaults', '-uroot', `--socket=${lab.state.metadb.socket}`, database], {
		inputFile: dumpFile,
	});
}

export async function tableShapes(lab: Lab, database: string): Promise<Record<string, string>> {
	const tables = await lab.sql<{name: string}>(
		`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${database}' ORDER BY table_name`,
	);
	const shapes: Record<string, string> = {};
	for (const {name} of tables) {
		const [row] = await lab.sql<Record<string, string>>(`SHOW CREATE TABLE \`${database}\`.\`${name}\``);
		shapes[name] = String(row!['Create Table']).replace(/ AUTO_INCREMENT=\d+/, '');
	}
	return shapes;
}

export async function tableRows(lab: Lab, database: string, table: string): Promise<unknown[]> {
	return lab.sql(`SELECT * FROM \`${database}\`.\`${table}\` ORDER BY 1`);
}

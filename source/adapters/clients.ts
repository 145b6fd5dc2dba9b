import {execa} from 'execa';

/** The MySQL command-line clients on this machine; MariaDB ships them under both names. */
export type ClientProgram = {readonly name: string; readonly version: string};

export async function findClient(candidates: readonly string[]): Promise<ClientProgram | undefined> {
	for (const name of candidates) {
		const result = await execa(name, ['--version'], {reject: false, timeout: 10_000});
		if (result.exitCode === 0) return {name, version: result.stdout.trim()};
	}
	return undefined;
}

export const dumpClients = ['mysqldump', 'mariadb-dump'] as const;
export const mysqlClients = ['mysql', 'mariadb'] as const;

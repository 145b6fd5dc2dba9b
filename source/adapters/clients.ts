import {execa} from 'execa';
import {ExternalError} from '../domain/errors.js';

import type {ClientProgram} from '../ports/preflight-port.js';
import {childEnvironment} from './child-process.js';

export type {ClientProgram} from '../ports/preflight-port.js';

/**
 * The first candidate that answers `--version`. Undefined only when none is installed (ENOENT); a
 * client that is there but cannot run (a missing library, no permission) is an error naming it.
 */
export async function findClient(candidates: readonly string[]): Promise<ClientProgram | undefined> {
	let broken: ExternalError | undefined;
	for (const name of candidates) {
		const result = await execa(name, ['--version'], {
			reject: false,
			timeout: 10_000,
			env: childEnvironment(),
			extendEnv: false,
		});
		if (result.exitCode === 0) return {name, version: result.stdout.trim()};
		if (result.code === 'ENOENT') continue;
		const said = result.stderr.trim().split('\n').at(-1) || result.code || result.shortMessage;
		broken ??= new ExternalError(
			`${name} is installed but cannot be run (\`${name} --version\` exited ${result.exitCode ?? result.code}: ${said}).`,
			{
				hint: 'Repair or reinstall the MySQL or MariaDB client package (e.g. apt-get install --reinstall mariadb-client).',
			},
		);
	}
	if (broken) throw broken;
	return undefined;
}

export const dumpClients = ['mysqldump', 'mariadb-dump'] as const;
export const mysqlClients = ['mysql', 'mariadb'] as const;

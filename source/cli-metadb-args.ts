import {ConfigError} from './domain/errors.js';
import {labGrantModes, metadbFlavours, type LabGrants, type MetadbFlavour} from './lab/metadb-modes.js';

/** `lab up` options for the MetaDB: kept apart from cli-args.ts so the lab's other options grow beside them. */
export const metadbOptionSpecs = {
	metadb: {type: 'string', default: 'mariadb'},
	grants: {type: 'string', default: 'pattern'},
	'metadb-user': {type: 'string'},
	'metadb-password-file': {type: 'string'},
} as const;

export type LabMetadbArgs = {
	readonly flavour: MetadbFlavour;
	readonly grants: LabGrants;
	readonly user: string | undefined;
	/** A file holding the password (one trailing newline is not part of it); random when absent. */
	readonly passwordFile: string | undefined;
};

export function readMetadbArgs(values: {
	metadb: string;
	grants: string;
	'metadb-user'?: string | undefined;
	'metadb-password-file'?: string | undefined;
}): LabMetadbArgs {
	return {
		flavour: oneOf('--metadb', values.metadb, metadbFlavours),
		grants: oneOf('--grants', values.grants, labGrantModes),
		user: values['metadb-user'] === '' ? invalid('--metadb-user', '', 'a user name') : values['metadb-user'],
		passwordFile: values['metadb-password-file'],
	};
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
	return allowed.includes(value as T) ? (value as T) : invalid(flag, value, `one of ${allowed.join(', ')}`);
}

function invalid(flag: string, value: string, expected: string): never {
	throw new ConfigError(`${flag} ${JSON.stringify(value)} is not allowed; expected ${expected}.`, {
		hint: 'See `oms-upgrade --help`.',
	});
}

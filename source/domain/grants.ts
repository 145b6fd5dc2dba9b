import {parseGrantLine, type GrantLine} from './grant-lines.js';

/** The privileges the upgrade and rollback use on the rm, cm and cm_hb databases. */
export const neededPrivileges = [
	'SELECT',
	'INSERT',
	'UPDATE',
	'DELETE',
	'CREATE',
	'DROP',
	'ALTER',
	'INDEX',
	'LOCK TABLES',
] as const;

/**
 * `SHOW GRANTS` output of one kind: the session's own, or read for roles; `active` false when the role may not be
 * active at login.
 */
export type GrantSet = {readonly lines: readonly string[]; readonly active: boolean};

export type GrantFacts = {
	readonly sets: readonly GrantSet[];
	/** What could not be read (a role's grants), in words. */
	readonly unreadable: readonly string[];
	/** MySQL 8 with `partial_revokes`: `%` and `_` in database grants are literal characters. */
	readonly wildcardsLiteral: boolean;
	/** `lower_case_table_names` is not 0: database names compare without case. */
	readonly caseInsensitive: boolean;
	/** OceanBase: older versions have no LOCK TABLES privilege to grant. */
	readonly oceanbase: boolean;
};

type DatabaseCoverage = {readonly database: string; readonly missing: string[]; readonly unproven: string[]};

type Coverage = {readonly databases: DatabaseCoverage[]; readonly unverifiable: string[]};

type Entry = {readonly grantee: string; readonly active: boolean; readonly line: string; readonly grant: GrantLine};

/**
 * Which needed privileges the grants give on each database, as the server decides it: global grants add
 * to everything; of the database grants matching a name, one named exactly (no wildcard) applies alone,
 * otherwise the server picks one of the matching patterns in an order that differs between MySQL and
 * MariaDB, so only what every matching pattern gives is proven; MySQL 8 with active roles adds up the
 * patterns instead. `missing`: given by no grant at all; `unproven`: given only under some of those rules,
 * or only by roles that may not be active.
 */
export function privilegeCoverage(facts: GrantFacts, databases: readonly string[]): Coverage {
	const entries: Entry[] = facts.sets.flatMap(set =>
		set.lines.map(line => {
			const grant = parseGrantLine(line);
			const grantee = grant.kind === 'unknown' ? '' : `${grant.grantee.name}@${grant.grantee.host ?? ''}`;
			return {grantee, active: set.active, line, grant};
		}),
	);
	const unverifiable = entries.flatMap(({line, grant}) => {
		if (grant.kind === 'unknown') return [`a grant line it does not understand: ${line}`];
		const partial =
			grant.kind === 'privileges' &&
			(grant.columns || grant.target.level === 'table' || grant.target.level === 'routine');
		const pattern = grant.kind === 'privileges' && 'database' in grant.target ? grant.target.database : undefined;
		const concerned =
			partial && pattern !== undefined && databases.some(database => databaseMatches(pattern, database, facts));
		return concerned ? [`a grant on tables, columns or routines, which it does not count: ${line}`] : [];
	});
	const byGrantee = new Map<string, Entry[]>();
	for (const entry of entries) byGrantee.set(entry.grantee, [...(byGrantee.get(entry.grantee) ?? []), entry]);
	const coverage = databases.map(database => {
		const upper = new Set<string>();
		const proven = new Set<string>();
		const exactAll: string[][] = [];
		const wildAll: string[][] = [];
		const perGrantee: Set<string>[] = [];
		for (const grantee of byGrantee.values()) {
			const active = grantee.filter(entry => entry.active);
			for (const [set, list] of [
				[upper, grantee],
				[proven, active],
			] as const)
				globalPrivileges(list, database, facts).forEach(privilege => set.add(privilege));
			for (const entry of databaseEntries(grantee, database, facts))
				entry.privileges.forEach(privilege => upper.add(privilege));
			const own = databaseEntries(active, database, facts);
			const exact = own.filter(entry => entry.exact).map(entry => entry.privileges);
			const wild = own.filter(entry => !entry.exact).map(entry => entry.privileges);
			exactAll.push(...exact);
			wildAll.push(...wild);
			perGrantee.push(new Set(exact.length > 0 ? exact.flat() : intersection(wild)));
		}
		const summed = new Set((exactAll.length > 0 ? exactAll : wildAll).flat());
		for (const privileges of perGrantee)
			for (const privilege of privileges) if (summed.has(privilege)) proven.add(privilege);
		const missing = neededPrivileges.filter(privilege => !upper.has(privilege));
		const unproven = neededPrivileges.filter(privilege => upper.has(privilege) && !proven.has(privilege));
		// Older OceanBase versions have no LOCK TABLES privilege at all: its absence proves nothing there.
		if (facts.oceanbase && missing.includes('LOCK TABLES')) {
			missing.splice(missing.indexOf('LOCK TABLES'), 1);
			unproven.push('LOCK TABLES');
		}
		return {database, missing, unproven};
	});
	if (facts.oceanbase && coverage.some(item => item.unproven.includes('LOCK TABLES'))) {
		unverifiable.push('LOCK TABLES on OceanBase, where older versions have no such privilege');
	}
	return {databases: coverage, unverifiable};
}

/** A database-level grant pattern against a database name, as the server matches them. */
export function databaseMatches(
	pattern: string,
	database: string,
	options: {wildcardsLiteral: boolean; caseInsensitive: boolean},
): boolean {
	const fold = (text: string) => (options.caseInsensitive ? text.toLowerCase() : text);
	let source = '';
	for (let at = 0; at < pattern.length; at += 1) {
		const char = pattern.charAt(at);
		if (char === '\\' && at + 1 < pattern.length) source += escapeRegExp(fold(pattern.charAt(++at)));
		else if (char === '%' && !options.wildcardsLiteral) source += '[\\s\\S]*';
		else if (char === '_' && !options.wildcardsLiteral) source += '[\\s\\S]';
		else source += escapeRegExp(fold(char));
	}
	return new RegExp(`^${source}$`, 'u').test(fold(database));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function expand(privileges: readonly string[]): string[] {
	return privileges.some(privilege => privilege === 'ALL' || privilege === 'ALL PRIVILEGES')
		? [...neededPrivileges, ...privileges]
		: [...privileges];
}

/** Global privileges, less what a partial revoke takes away on this database. */
function globalPrivileges(entries: readonly Entry[], database: string, facts: GrantFacts): Set<string> {
	const held = new Set<string>();
	const literal = {...facts, wildcardsLiteral: true};
	for (const {grant} of entries) {
		if (grant.kind === 'privileges' && !grant.revoke && grant.target.level === 'global')
			expand(grant.privileges).forEach(privilege => held.add(privilege));
	}
	for (const {grant} of entries) {
		if (
			grant.kind === 'privileges' &&
			grant.revoke &&
			grant.target.level === 'database' &&
			databaseMatches(grant.target.database, database, literal)
		) {
			expand(grant.privileges).forEach(privilege => held.delete(privilege));
		}
	}
	return held;
}

/** The database grants of one grantee that match, merged per pattern (the server keeps one row per pattern). */
function databaseEntries(
	entries: readonly Entry[],
	database: string,
	facts: GrantFacts,
): Array<{exact: boolean; privileges: string[]}> {
	const byPattern = new Map<string, Set<string>>();
	for (const {grant} of entries) {
		if (grant.kind !== 'privileges' || grant.revoke || grant.columns || grant.target.level !== 'database') continue;
		if (!databaseMatches(grant.target.database, database, facts)) continue;
		const held = byPattern.get(grant.target.database) ?? new Set<string>();
		expand(grant.privileges).forEach(privilege => held.add(privilege));
		byPattern.set(grant.target.database, held);
	}
	return [...byPattern].map(([pattern, privileges]) => ({
		exact: facts.wildcardsLiteral || !/[%_]/.test(pattern),
		privileges: [...privileges],
	}));
}

function intersection(lists: readonly string[][]): string[] {
	const [first] = lists;
	return first ? first.filter(item => lists.every(list => list.includes(item))) : [];
}

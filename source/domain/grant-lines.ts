/**
 * Reads the lines `SHOW GRANTS` prints on MySQL 5.7/8.0, MariaDB and OceanBase (MySQL mode) into data.
 * Names keep their stored form: a database pattern such as `oms\_%` stays escaped, because the
 * escapes are part of the pattern.
 */
import {tokenize, word, type Token} from './sql-tokens.js';

export type Account = {readonly name: string; readonly host: string | undefined};

type GrantTarget =
	| {readonly level: 'global'}
	| {readonly level: 'database'; readonly database: string}
	| {readonly level: 'table' | 'routine'; readonly database: string; readonly name: string}
	/** Proxy grants, tables of "the current database": nothing a database of the upgrade depends on. */
	| {readonly level: 'other'};

export type GrantLine =
	| {
			readonly kind: 'privileges';
			/** A MySQL 8 partial revoke (`REVOKE … ON db.* FROM …`): takes global privileges away on one database. */
			readonly revoke: boolean;
			/** Upper case, words joined by one space: `LOCK TABLES`, `ALL PRIVILEGES`. */
			readonly privileges: readonly string[];
			/** Some privilege carried a column list: it covers columns, not the table. */
			readonly columns: boolean;
			readonly target: GrantTarget;
			readonly grantee: Account;
	  }
	| {readonly kind: 'roles'; readonly roles: readonly Account[]; readonly grantee: Account}
	| {readonly kind: 'default-roles'; readonly roles: readonly Account[]; readonly grantee: Account}
	| {readonly kind: 'unknown'};

const unknown: GrantLine = {kind: 'unknown'};

export function parseGrantLine(line: string): GrantLine {
	const tokens = tokenize(line);
	if (!tokens || tokens.length === 0) return unknown;
	const head = word(tokens[0]);
	if (head === 'SET' && word(tokens[1]) === 'DEFAULT' && word(tokens[2]) === 'ROLE') {
		const forAt = tokens.findIndex(token => word(token) === 'FOR');
		const roles = forAt > 3 && word(tokens[3]) === 'NONE' ? [] : parseAccounts(tokens.slice(3, forAt));
		const grantee = forAt > 0 ? parseAccount(tokens, forAt + 1)?.account : undefined;
		return roles && grantee ? {kind: 'default-roles', roles, grantee} : unknown;
	}
	if (head !== 'GRANT' && head !== 'REVOKE') return unknown;
	const revoke = head === 'REVOKE';
	const toAt = topLevelIndex(tokens, revoke ? 'FROM' : 'TO');
	const onAt = topLevelIndex(tokens, 'ON');
	if (toAt < 0) return unknown;
	const grantee = parseAccount(tokens, toAt + 1)?.account;
	if (!grantee) return unknown;
	if (onAt < 0 || onAt > toAt) {
		const roles = revoke ? undefined : parseAccounts(tokens.slice(1, toAt));
		return roles && roles.length > 0 ? {kind: 'roles', roles, grantee} : unknown;
	}
	const privileges = parsePrivileges(tokens.slice(1, onAt));
	const target = parseTarget(tokens.slice(onAt + 1, toAt));
	if (!privileges || !target) return unknown;
	return {kind: 'privileges', revoke, privileges: privileges.names, columns: privileges.columns, target, grantee};
}

/** `CURRENT_ROLE()`: MySQL 8 gives "`r1`@`%`,`r2`@`%`" or "NONE", MariaDB "r1" or NULL. */
export function parseRoleList(text: string | null | undefined): Account[] | undefined {
	if (text === null || text === undefined || text.trim() === '' || text.trim().toUpperCase() === 'NONE') return [];
	const tokens = tokenize(text);
	return tokens ? parseAccounts(tokens) : undefined;
}

export function accountText(account: Account): string {
	return account.host === undefined ? `\`${account.name}\`` : `\`${account.name}\`@\`${account.host}\``;
}

function topLevelIndex(tokens: readonly Token[], keyword: string): number {
	let depth = 0;
	for (const [index, token] of tokens.entries()) {
		if (!token.quoted && token.text === '(') depth += 1;
		else if (!token.quoted && token.text === ')') depth -= 1;
		else if (depth === 0 && word(token) === keyword) return index;
	}
	return -1;
}

function parsePrivileges(tokens: readonly Token[]): {names: string[]; columns: boolean} | undefined {
	const names: string[] = [];
	let columns = false;
	let words: string[] = [];
	let depth = 0;
	for (const token of [...tokens, {text: ',', quoted: false}]) {
		if (!token.quoted && token.text === '(') {
			depth += 1;
			columns = true;
		} else if (!token.quoted && token.text === ')') {
			depth -= 1;
		} else if (depth > 0) {
			continue;
		} else if (!token.quoted && token.text === ',') {
			if (words.length === 0) return undefined;
			names.push(words.join(' '));
			words = [];
		} else if (token.quoted || !/^[A-Za-z_]+$/.test(token.text)) {
			return undefined;
		} else {
			words.push(token.text.toUpperCase());
		}
	}
	return names.length > 0 ? {names, columns} : undefined;
}

function parseTarget(tokens: readonly Token[]): GrantTarget | undefined {
	const kind = word(tokens[0]);
	const routine = kind === 'FUNCTION' || kind === 'PROCEDURE';
	const rest = routine || kind === 'TABLE' ? tokens.slice(1) : tokens;
	const text = rest
		.map(token =>
			token.quoted ? 'N' : token.text === '*' || token.text === '.' || token.text === '@' ? token.text : 'N',
		)
		.join('');
	if (text === '*.*') return {level: 'global'};
	const [first, , third] = rest;
	if (text === 'N.*' && !routine && first) return {level: 'database', database: first.text};
	if (text === 'N.N' && first && third)
		return {level: routine ? 'routine' : 'table', database: first.text, name: third.text};
	if (text === '*' || text === 'N' || text === 'N@N') return {level: 'other'};
	return undefined;
}

function parseAccount(tokens: readonly Token[], at: number): {account: Account; next: number} | undefined {
	const name = tokens[at];
	if (!name || (!name.quoted && '.,()*@=;'.includes(name.text))) return undefined;
	const separator = tokens[at + 1];
	const host = separator?.text === '@' && !separator.quoted ? tokens[at + 2] : undefined;
	if (host) return {account: {name: name.text, host: host.text}, next: at + 3};
	return {account: {name: name.text, host: undefined}, next: at + 1};
}

function parseAccounts(tokens: readonly Token[]): Account[] | undefined {
	const accounts: Account[] = [];
	let at = 0;
	while (at < tokens.length) {
		const parsed = parseAccount(tokens, at);
		if (!parsed) return undefined;
		accounts.push(parsed.account);
		at = parsed.next;
		if (at < tokens.length && tokens[at]?.text !== ',') return undefined;
		at += 1;
	}
	return accounts;
}

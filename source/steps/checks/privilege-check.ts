import type {MetadbTarget} from '../../ports/metadb-port.js';
import type {MetadbPort as Metadb, Row} from '../../ports/metadb-port.js';
import {describeError} from '../../domain/errors.js';
import {accountText, parseGrantLine, parseRoleList, type Account, type GrantLine} from '../../domain/grant-lines.js';
import {privilegeCoverage, type GrantFacts, type GrantSet} from '../../domain/grants.js';
import {sql} from '../../domain/sql.js';
import {fail, pass, warn, type CheckResult} from './check-types.js';

/** What the MetaDB says about the user's privileges, plus the roles granted to it that are not active at login. */
type GrantReading = GrantFacts & {readonly inactiveRoles: readonly Account[]};

const firstColumn = (rows: readonly Row[]) => rows.map(row => String(Object.values(row)[0]));
const same = (a: Account, b: Account) =>
	a.name === b.name && (a.host === undefined || b.host === undefined || a.host === b.host);
const roleParams = (roles: readonly Account[]) =>
	roles.flatMap(role => (role.host === undefined ? [role.name] : [role.name, role.host]));

/**
 * Roles count when they are active at login, because neither the tool's sessions nor mysqldump run
 * SET ROLE: MariaDB's default role (its grants are in SHOW GRANTS already), MySQL 8's default roles or
 * all of them with activate_all_roles_on_login (read with `SHOW GRANTS … USING`, or `SHOW GRANTS FOR
 * role`). When CURRENT_ROLE() cannot be read, granted roles count as "maybe": never proof, never failure.
 */
export async function readGrants(metadb: Metadb): Promise<GrantReading> {
	const lines = firstColumn(await metadb.query(sql.grants()));
	const optional = <T extends Row>(statement: string, params: readonly string[] = []) =>
		metadb.query<T>(statement, params).catch(() => undefined);
	const server = (await optional<{version: string; lower_case_table_names: number}>(sql.serverFacts()))?.[0];
	const partialRevokes = (await optional<{partial_revokes: number}>(sql.partialRevokes()))?.[0];
	const current = await optional<{role: string | null}>(sql.currentRole());
	const active = current ? parseRoleList(current[0]?.role) : undefined;
	const parsed = lines
		.map(parseGrantLine)
		.filter((grant): grant is Exclude<GrantLine, {kind: 'unknown'}> => grant.kind !== 'unknown');
	const user = parsed[0]?.grantee;
	const granted = parsed.flatMap(grant =>
		grant.kind === 'roles' && user && same(grant.grantee, user) ? grant.roles : [],
	);
	const present = (role: Account) => parsed.some(grant => same(grant.grantee, role));
	const wanted = (active ?? granted).filter(
		(role, index, list) => !present(role) && list.findIndex(other => same(other, role)) === index,
	);
	const sets: GrantSet[] = [{lines, active: true}];
	const unreadable: string[] = [];
	if (wanted.length > 0) {
		const merged = await optional(sql.grantsUsing(wanted), roleParams(wanted));
		if (merged) sets.push({lines: firstColumn(merged), active: active !== undefined});
		else await readRoleGrants(metadb, wanted, active !== undefined, sets, unreadable);
	}
	return {
		sets,
		unreadable,
		wildcardsLiteral: Number(partialRevokes?.partial_revokes) === 1,
		caseInsensitive: Number(server?.lower_case_table_names ?? 0) !== 0,
		oceanbase: /oceanbase/i.test(String(server?.version ?? '')),
		inactiveRoles: active ? granted.filter(role => !active.some(on => same(on, role))) : [],
	};
}

/** One role at a time, following roles granted to roles. */
async function readRoleGrants(
	metadb: Metadb,
	roles: readonly Account[],
	active: boolean,
	sets: GrantSet[],
	unreadable: string[],
): Promise<void> {
	const queue = [...roles];
	const seen: Account[] = [];
	for (let role = queue.shift(); role; role = queue.shift()) {
		const current = role;
		if (seen.some(other => same(other, current))) continue;
		seen.push(role);
		try {
			const lines = firstColumn(await metadb.query(sql.grantsFor(role), roleParams([role])));
			sets.push({lines, active});
			for (const grant of lines.map(parseGrantLine))
				if (grant.kind === 'roles' && same(grant.grantee, role)) queue.push(...grant.roles);
		} catch (error) {
			unreadable.push(`role ${accountText(role)}, whose grants it cannot read (${describeError(error)})`);
		}
	}
}

/** pass: every needed privilege proven; fail: some given by nothing, and every grant was understood; warn otherwise. */
export function privilegeCheck(reading: GrantReading, target: MetadbTarget, databases: readonly string[]): CheckResult {
	const coverage = privilegeCoverage(reading, databases);
	const where = `${target.user}@${target.host}:${target.port}`;
	const missing = coverage.databases.filter(item => item.missing.length > 0);
	const gaps = coverage.databases.filter(item => item.missing.length + item.unproven.length > 0);
	if (gaps.length === 0) return pass('metadb', null, `${where} connected; privileges cover ${databases.join(', ')}`);
	const doubts = [...coverage.unverifiable, ...reading.unreadable];
	if (reading.sets.some(set => !set.active))
		doubts.push('roles granted to it that may not be active at login (CURRENT_ROLE() could not be read)');
	if (missing.length > 0 && doubts.length === 0) {
		const inactive = reading.inactiveRoles.map(accountText).join(', ');
		const roleHint = inactive
			? ` Roles granted to ${target.user} but not active at login do not count (neither the tool nor mysqldump runs SET ROLE): ${inactive}; make it the default role (SET DEFAULT ROLE) or grant the privileges to the user.`
			: '';
		return fail(
			'metadb',
			null,
			`${target.user} lacks ${missing.map(item => `${item.missing.join(', ')} on ${item.database}`).join('; ')}; grant them (the rollback drops and re-creates these databases).${roleHint}`,
		);
	}
	if (doubts.length === 0)
		doubts.push('overlapping database grants, of which the server applies one (MySQL and MariaDB choose differently)');
	const unsure = gaps.map(item => `${[...item.missing, ...item.unproven].join(', ')} on ${item.database}`).join('; ');
	return warn(
		'metadb',
		null,
		`${where} connected, but the tool cannot prove ${unsure}: it found ${doubts.join('; ')}. Check that ${target.user} has them (the rollback drops and re-creates these databases).`,
	);
}

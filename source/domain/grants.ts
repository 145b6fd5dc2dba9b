/** The privileges the upgrade and rollback use on the rm, cm and cm_hb databases. */
export const neededPrivileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'LOCK TABLES'] as const;

/** From `SHOW GRANTS` lines, the needed privileges the user lacks on `database` (global grants count). */
export function missingPrivileges(grantLines: readonly string[], database: string): string[] {
	const held = new Set<string>();
	for (const line of grantLines) {
		const match = /^GRANT (.+?) ON (\S+) TO /.exec(line);
		if (!match) continue;
		const scope = match[2]!.replaceAll('`', '');
		if (scope !== '*.*' && scope !== `${database}.*`) continue;
		for (const privilege of match[1]!.split(',').map(item => item.trim().toUpperCase())) {
			if (privilege === 'ALL' || privilege === 'ALL PRIVILEGES') neededPrivileges.forEach(needed => held.add(needed));
			else held.add(privilege);
		}
	}
	return neededPrivileges.filter(privilege => !held.has(privilege));
}

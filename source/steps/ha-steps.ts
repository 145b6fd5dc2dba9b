import type {MetadbPort} from '../ports/metadb-port.js';
import {ExternalError} from '../domain/errors.js';
import {haMatches, parseHaConfig, withHaKeys, type HaConfig} from '../domain/ha-config.js';
import {sql} from '../domain/sql.js';
import type {StepContext} from './step-context.js';

/** The current `ha.config` value, raw and parsed. */
export async function readHa(metadb: MetadbPort, rm: string): Promise<{raw: string; parsed: HaConfig}> {
	const [row] = await metadb.query<{cfg_value: string}>(sql.readHa(rm));
	const parsed = row && parseHaConfig(row.cfg_value);
	if (!row || !parsed)
		throw new ExternalError(`${rm}.oms_normal_config has no readable ha.config row.`, {
			hint: 'Check it in the OMS console (System Parameters).',
		});
	return {raw: row.cfg_value, parsed};
}

/**
 * Brings `ha.config` to hold `changes`: in metadb mode by a read-modify-write that keeps every other key;
 * in manual mode by asking the operator to make the change in the OMS console. Either way it re-reads
 * and fails unless the value now matches. `exactText` is written instead when it is known to hold
 * exactly the wanted value (the rollback's byte-for-byte restore). Resolves to a summary and the value
 * read back (what the step leaves, for its output).
 */
export async function applyHa(
	ctx: StepContext,
	changes: HaConfig,
	what: string,
	exactText?: string,
): Promise<{summary: string; raw: string}> {
	const metadb = await ctx.metadb();
	const rm = ctx.model.rmDb;
	const current = await readHa(metadb, rm);
	if (haMatches(current.parsed, changes))
		return {summary: `ha.config already has ${JSON.stringify(changes)}`, raw: current.raw};
	if (ctx.model.plan.ha.mode === 'manual') {
		const done = await ctx.confirm(
			`${what}: set ${JSON.stringify(changes)} in ha.config in the OMS console (System Management > System Parameters), then confirm`,
		);
		if (!done)
			throw new ExternalError(`${what}: not confirmed.`, {hint: 'Make the change in the OMS console and run again.'});
		metadb.operatorChanged?.(sql.writeHa(rm), [exactText ?? withHaKeys(current.parsed, changes)]);
	} else {
		const next = exactText ?? withHaKeys(current.parsed, changes);
		ctx.log(null, `${sql.writeHa(rm)}  -- ${next}`);
		await metadb.execute(sql.writeHa(rm), [next]);
	}
	const after = await readHa(metadb, rm);
	if (!haMatches(after.parsed, changes)) {
		throw new ExternalError(
			`${what}: ha.config reads ${after.raw} after the change, without ${JSON.stringify(changes)}.`,
			{
				hint: 'Check the value in the OMS console and run again.',
			},
		);
	}
	return {summary: `ha.config now ${after.raw}`, raw: after.raw};
}

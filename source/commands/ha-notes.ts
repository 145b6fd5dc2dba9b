import type {UpgradeModel} from '../config/resolve-plan.js';
import {haOffLines} from '../domain/ha-behaviour.js';
import {parseHaConfig} from '../domain/ha-config.js';

/** What plan says about HA: where the tool writes it, and the guide's table when HA was off to begin with. */
export function haNotes(model: UpgradeModel, found: string | null | undefined): string[] {
	const parsed = found ? parseHaConfig(found) : undefined;
	const where =
		model.plan.ha.mode === 'metadb'
			? `ha.mode metadb: the tool writes ha.config straight into ${model.rmDb}.oms_normal_config (the guide changes it in the OMS console; whether a running OMS picks up a direct write is not documented). After each change, confirm in the OMS console (System Management > System Parameters > ha.config) that the value shows there.`
			: 'ha.mode manual: you change ha.config in the OMS console when asked; the tool re-reads it and goes on only when the change is there.';
	if (parsed && parsed.enable !== true)
		return [
			where,
			'HA is off now and stays off after the upgrade (enable-ha leaves it as found). While HA is off:',
			...haOffLines(),
		];
	return [where];
}

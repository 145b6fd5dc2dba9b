import {parseHaConfig, withHaKeys} from '../domain/ha-config.js';
import {sql} from '../domain/sql.js';
import {cluster, type StepDefinition} from './step-types.js';

export const enableHa: StepDefinition = {
	id: 'enable-ha',
	title: 'Enable HA',
	scope: 'cluster',
	destructive: false,
	describe: model => {
		const found = model.haFound === undefined ? undefined : parseHaConfig(model.haFound);
		const changes =
			model.plan.ha.after === 'perceive'
				? '"enable":true, "perceiveStoreClientCheckpoint":true'
				: `"enable":true, "refetchStoreIntervalMin": ceil((T2 - T1) / 60s) + ${model.plan.ha.refetchMarginMin}`;
		const shown = found && model.plan.ha.after === 'perceive' ? withHaKeys(found, {enable: true, perceiveStoreClientCheckpoint: true}) : `{…as found, ${changes}}`;
		return [
			cluster('sql', sql.readHa(model.rmDb)),
			model.plan.ha.mode === 'manual'
				? cluster('operator', `set ${changes} in the OMS console (System Management > System Parameters > ha.config), then confirm`)
				: cluster('sql', `${sql.writeHa(model.rmDb)}  -- with ${shown}; T2 = now`),
			cluster('check', 're-read ha.config matches'),
		];
	},
};

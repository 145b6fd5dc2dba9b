import type {ForecastRecord} from '../../engine/forecast.js';
import {forecastLines} from '../../engine/forecast-text.js';
import type {ViewLine} from './scroll-view.js';

export const forecastTitle = 'Downtime forecast · esc closes';

/** What each basis means, so the operator knows which figure to trust. */
const bases: ReadonlyArray<readonly [string, string]> = [
	['measured here', 'the step is done in this attempt: its own time'],
	['earlier attempt', "an earlier attempt on this cluster: its time, or its rate applied to today's sizes"],
	['assumed', 'nothing measured yet: the rate or duration stated'],
];

/**
 * The `d` view: the downtime (first docker stop → HA on) forecast step by step with each figure's basis, as
 * `plan` and `check` print it; before discovery has read the cluster there is none yet.
 */
export function forecastView(forecast: ForecastRecord | null): ViewLine[] {
	if (!forecast)
		return [
			{text: 'No forecast yet: it is made once discovery has read every node and the MetaDB (sizes, heartbeat rows).'},
		];
	const [total = '', ...steps] = forecastLines(forecast);
	return [
		{text: total, bold: true},
		...steps.map(text => ({text, indent: 33})),
		{text: ''},
		{text: 'Basis', bold: true},
		...bases.map(([basis, meaning]) => ({text: `  ${basis.padEnd(16)} ${meaning}`, indent: 19})),
	];
}

import {formatSeconds} from '../domain/format.js';
import type {Forecast} from '../engine/forecast.js';

const range = (low: number, high: number) =>
	low === high ? formatSeconds(low) : `${formatSeconds(low)}–${formatSeconds(high)}`;

/** The forecast as `plan` and `check` print it: the total, then each downtime step with its basis. */
export function forecastLines(forecast: Forecast): string[] {
	return [
		`Downtime forecast (first docker stop → HA on): ${range(forecast.lowSec, forecast.highSec)}`,
		...forecast.steps.map(
			step => `  ${step.step.padEnd(15)} ${range(step.lowSec, step.highSec).padEnd(13)} ${step.basis}: ${step.why}`,
		),
	];
}

import {formatSeconds} from '../domain/format.js';
import type {ForecastRecord} from './forecast.js';

/** A range of seconds as the forecast says it: `1m00s–10m00s`, or one figure when both ends agree. */
export const forecastRange = (low: number, high: number) =>
	low === high ? formatSeconds(low) : `${formatSeconds(low)}–${formatSeconds(high)}`;

/** The forecast as plan, check, run and the console show it: the total, then each downtime step with its basis. */
export function forecastLines(forecast: ForecastRecord): string[] {
	return [
		`Downtime forecast (first docker stop → HA on): ${forecastRange(forecast.lowSec, forecast.highSec)}`,
		...forecast.steps.map(
			step =>
				`  ${step.step.padEnd(15)} ${forecastRange(step.lowSec, step.highSec).padEnd(13)} ${step.basis}: ${step.why}`,
		),
	];
}

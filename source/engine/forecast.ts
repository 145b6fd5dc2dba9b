import {formatSeconds, roundSeconds} from '../domain/format.js';
import type {Journal, UpgradeStepId} from '../domain/journal-types.js';
import {downtimeStepIds} from './downtime-split.js';

/**
 * Where a figure comes from, so the operator knows which part to trust: an assumption is the plan's own (its
 * `init.expectedSec`) or the tool's default.
 */
type ForecastBasis = 'measured here' | 'earlier attempt' | 'assumed, from the plan' | 'assumed, the default';

/** One downtime step's forecast: a range in seconds, its basis and how it was reached. */
type StepForecast = {
	readonly step: UpgradeStepId;
	readonly lowSec: number;
	readonly highSec: number;
	readonly basis: ForecastBasis;
	readonly why: string;
};

/**
 * The downtime (T1, the first docker stop, to HA on) step by step, and the total as a range; with the
 * sizes it was made from, so a later attempt compares like with like (an estimate against an estimate).
 */
export type Forecast = {
	readonly steps: readonly StepForecast[];
	readonly lowSec: number;
	readonly highSec: number;
	readonly dumpBytes: number | null;
	readonly heartbeatRows: number | null;
};

/** A forecast as the journal keeps it (and report.json, the console and `history` show it). */
export type ForecastRecord = NonNullable<Journal['forecast']>;

/** What the forecast is made from: the plan's shape, what the MetaDB says now, and what earlier attempts measured. */
export type ForecastFacts = {
	/** Regions whose init runs (one after another). */
	readonly initRegions: number;
	readonly minWaitSec: number;
	/** docker_init.sh's duration in one region as the plan assumes it (`init.expectedSec`); undefined: the default. */
	readonly initExpectedSec?: number | undefined;
	/** `docker stop -t`: the engine kills the container after this. */
	readonly stopGraceSec: number;
	/** The dumps' size estimate (information_schema) now; undefined when the MetaDB could not be read. */
	readonly dumpBytes: number | undefined;
	/** Rows in the heartbeat sequence tables (the statistics) now; undefined when unknown. */
	readonly heartbeatRows: number | undefined;
	/** The open attempt (its finished steps are measured here), if one is open. */
	readonly current: Journal | undefined;
	/** Earlier attempts on this cluster (same plan), newest first. */
	readonly earlier: readonly Journal[];
};

/** Assumed rates and durations where nothing was measured: stated, so the operator can weigh them. */
const assumed = {
	dumpBytesPerSec: 20 * 2 ** 20,
	deleteRowsPerSec: 20_000,
	startNewSec: [5, 30],
	initScriptSec: [30, 300],
	verifySec: [5, 60],
	enableHaSec: [1, 3],
} as const;

const seconds = (journal: Journal, step: UpgradeStepId): number | undefined => {
	const record = journal.steps[step];
	if (record?.status !== 'succeeded' || !record.startedAt || !record.finishedAt) return undefined;
	return Math.max(0, (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000);
};
/** Down or up to the figure's own grain: a tenth under 10 s (a lab's steps take fractions of a second), else 1 s. */
const grain = (value: number) => (value < 10 ? 10 : 1);
const floorTo = (value: number) => Math.floor(value * grain(value) + 1e-9) / grain(value);
const ceilTo = (value: number) => Math.ceil(value * grain(value) - 1e-9) / grain(value);
const around = (value: number) => [Math.max(0, floorTo(value * 0.8)), ceilTo(value * 1.25)] as const;
const sum = (values: number[]) => roundSeconds(values.reduce((total, value) => total + value, 0));

/**
 * The forecast, step by step: measured in this attempt where the step is done, else from the newest earlier attempt
 * that did it, else assumed.
 */
export function forecastDowntime(facts: ForecastFacts): Forecast {
	const steps = downtimeStepIds.map((step): StepForecast => {
		const here = facts.current ? seconds(facts.current, step) : undefined;
		if (here !== undefined)
			return {
				step,
				lowSec: roundSeconds(here),
				highSec: roundSeconds(here),
				basis: 'measured here',
				why: 'done in this attempt',
			};
		const earlier = facts.earlier.find(journal => seconds(journal, step) !== undefined);
		return scaled(step, facts, earlier) ?? fallback(step, facts);
	});
	return {
		steps,
		lowSec: sum(steps.map(step => step.lowSec)),
		highSec: sum(steps.map(step => step.highSec)),
		dumpBytes: facts.dumpBytes ?? null,
		heartbeatRows: facts.heartbeatRows ?? null,
	};
}

/** From an earlier attempt: its duration, scaled by what changed since (the dump size, the heartbeat rows). */
function scaled(step: UpgradeStepId, facts: ForecastFacts, earlier: Journal | undefined): StepForecast | undefined {
	if (!earlier) return undefined;
	const took = seconds(earlier, step) ?? 0;
	const from = `attempt ${earlier.attempt}`;
	// Rates compare like with like: that attempt's own estimate (information_schema, statistics) against its time.
	const before = earlier.forecast;
	if (step === 'backup' && before?.dumpBytes && facts.dumpBytes !== undefined) {
		const rate = before.dumpBytes / Math.max(took, 0.05);
		const [lowSec, highSec] = around(facts.dumpBytes / rate);
		return {
			step,
			lowSec,
			highSec,
			basis: 'earlier attempt',
			why: `${mib(facts.dumpBytes)} to dump at ${mib(rate)}/s as measured by ${from}`,
		};
	}
	if (step === 'clean-heartbeat' && before?.heartbeatRows && facts.heartbeatRows !== undefined) {
		const rate = before.heartbeatRows / Math.max(took, 0.05);
		const [lowSec, highSec] = around(facts.heartbeatRows / rate);
		return {
			step,
			lowSec,
			highSec,
			basis: 'earlier attempt',
			why: `${facts.heartbeatRows} rows to delete at ${Math.round(rate)} rows/s as measured by ${from}`,
		};
	}
	const [lowSec, highSec] = around(took);
	return {step, lowSec, highSec, basis: 'earlier attempt', why: `took ${formatSeconds(took)} in ${from}`};
}

function fallback(step: UpgradeStepId, facts: ForecastFacts): StepForecast {
	const range = (lowSec: number, highSec: number, why: string): StepForecast => ({
		step,
		lowSec: roundSeconds(lowSec),
		highSec: ceilTo(highSec),
		basis: 'assumed, the default',
		why,
	});
	switch (step) {
		case 'stop-old':
			return range(
				1,
				facts.stopGraceSec,
				`docker stop -t ${facts.stopGraceSec}: seconds on SIGTERM, killed at ${facts.stopGraceSec}s at most`,
			);
		case 'clean-heartbeat':
			return facts.heartbeatRows === undefined
				? range(1, 30, 'the heartbeat rows could not be counted')
				: range(
						Math.max(1, facts.heartbeatRows / assumed.deleteRowsPerSec / 2),
						Math.max(1, (facts.heartbeatRows / assumed.deleteRowsPerSec) * 2),
						`${facts.heartbeatRows} rows (statistics) at about ${assumed.deleteRowsPerSec} rows/s`,
					);
		case 'backup': {
			if (facts.dumpBytes === undefined)
				return range(10, 600, 'the dump size could not be estimated (MetaDB not read)');
			const sec = facts.dumpBytes / assumed.dumpBytesPerSec;
			return range(
				Math.max(1, sec / 2),
				Math.max(2, sec * 2),
				`${mib(facts.dumpBytes)} (information_schema) at about ${mib(assumed.dumpBytesPerSec)}/s`,
			);
		}
		case 'start-new':
			return range(assumed.startNewSec[0], assumed.startNewSec[1], 'creating and starting the new containers');
		case 'init': {
			if (facts.initExpectedSec !== undefined) {
				const [low, high] = around(facts.minWaitSec + facts.initRegions * facts.initExpectedSec);
				return {
					step,
					lowSec: low,
					highSec: high,
					basis: 'assumed, from the plan',
					why: `minWaitSec ${facts.minWaitSec}s, then docker_init.sh ${facts.initExpectedSec}s (init.expectedSec) in each of ${facts.initRegions} region(s), one after another`,
				};
			}
			const [low, high] = assumed.initScriptSec;
			return range(
				facts.minWaitSec + facts.initRegions * low,
				facts.minWaitSec + facts.initRegions * high,
				`minWaitSec ${facts.minWaitSec}s, then docker_init.sh ${low}–${high}s in each of ${facts.initRegions} region(s), one after another`,
			);
		}
		case 'verify':
			return range(assumed.verifySec[0], assumed.verifySec[1], 'until every node writes a heartbeat after its start');
		default:
			return range(assumed.enableHaSec[0], assumed.enableHaSec[1], 'one ha.config write and its re-read');
	}
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

import {describe, expect, it} from 'vitest';
import {downtimeSteps} from '../../source/engine/downtime-split.js';
import {formatSeconds} from '../../source/domain/format.js';

describe('the downtime steps of an attempt (history, its Markdown report)', () => {
	it('takes each downtime step in order with its time to the millisecond: 1.3 s reads 1.3s, not 1.0s', () => {
		const step = (id: string, startedAt: string | null, finishedAt: string | null, node: string | null = null) => ({
			id,
			node,
			startedAt,
			finishedAt,
		});
		const steps = downtimeSteps([
			step('init', '2026-12-06T10:00:05.000Z', '2026-12-06T10:00:11.400Z'),
			step('start-new', '2026-12-06T10:00:03.500Z', '2026-12-06T10:00:04.800Z'),
			step('start-new', '2026-12-06T10:00:03.500Z', '2026-12-06T10:00:09.000Z', '10.0.0.2'),
			step('preflight', '2026-12-06T09:59:00.000Z', '2026-12-06T09:59:01.000Z'),
			step('verify', '2026-12-06T10:00:12.000Z', null),
		]);
		expect(steps.map(entry => `${entry.id} ${formatSeconds(entry.seconds)}`)).toEqual(['start-new 1.3s', 'init 6.4s']);
	});
});

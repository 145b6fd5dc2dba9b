import {describe, expect, it} from 'vitest';
import {eventLine, parseLogLine} from '../../source/domain/event-text.js';
import type {EngineEvent} from '../../source/domain/events.js';

/** A line as the run log writes it: the event's full time, then its line without the clock. */
const logged = (event: EngineEvent) => `${event.at} ${eventLine(event)!.slice(9)}`;
const at = '2026-11-25T03:01:02.345Z';

describe('a run log line read back (a past attempt in the console)', () => {
	it('gives back the step, node, level and words of each event line', () => {
		expect(
			parseLogLine(logged({type: 'log', at, step: 'backup', node: null, level: 'info', text: 'oms_rm: 1.0 MiB'})),
		).toEqual({at, step: 'backup', node: null, level: 'info', text: 'oms_rm: 1.0 MiB'});
		expect(
			parseLogLine(logged({type: 'log', at, step: 'init', node: '10.0.0.2', level: 'warn', text: 'slow: 3 tries'})),
		).toEqual({at, step: 'init', node: '10.0.0.2', level: 'warn', text: 'slow: 3 tries'});
		expect(
			parseLogLine(logged({type: 'log', at, step: null, node: null, level: 'error', text: 'cannot write the journal'})),
		).toEqual({at, step: null, node: null, level: 'error', text: 'cannot write the journal'});
		expect(
			parseLogLine(
				logged({
					type: 'step-finished',
					at,
					step: 'start-new',
					node: '10.0.0.3',
					status: 'failed',
					reason: 'no space left on device',
				}),
			),
		).toEqual({at, step: 'start-new', node: '10.0.0.3', level: 'error', text: 'FAILED: no space left on device'});
	});

	it('is undefined for a line that is not an event line', () => {
		expect(parseLogLine('')).toBeUndefined();
		expect(parseLogLine('   ')).toBeUndefined();
	});
});

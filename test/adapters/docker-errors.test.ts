import {describe, expect, it} from 'vitest';
import {timedOutError} from '../../source/adapters/docker-errors.js';

const engine = {
	host: '10.0.0.2',
	endpointText: 'ssh://admin@10.0.0.2',
	deadlines: {connectMs: 10_000, requestMs: 30_000, streamIdleMs: 120_000},
};

describe('a Docker call past its deadline names the setting that sets it', () => {
	it.each([
		[10_000, 'within 10s', "the plan file's timeouts.connectSec)"],
		[30_000, 'within 30s', "the plan file's timeouts.requestSec)"],
		// docker stop -t 60: the engine answers once the container exited, so its deadline adds the grace.
		[90_000, 'within 90s', "the plan file's timeouts.requestSec, added to the call's own wait of 60s)"],
	])('%d ms', (timeoutMs, within, setting) => {
		const error = timedOutError(engine, 'stop container oms_428', timeoutMs);
		expect(error.message).toContain(`did not answer \`stop container oms_428\` ${within}.`);
		expect(error.hint).toContain(setting);
	});
});

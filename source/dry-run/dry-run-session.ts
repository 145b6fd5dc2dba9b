import type {EventBus} from '../domain/events.js';
import {runSession, type SessionOptions} from '../engine/run-session.js';
import type {RunResult} from '../engine/run-result.js';
import {dryRunPorts} from './dry-run-ports.js';
import type {Recorder} from './recorder.js';

/**
 * The real run session with recording ports: every step's own code runs against the live cluster, its
 * writes are recorded in `recorder` and not performed. Every question is answered yes, and recorded.
 * The journal given is not changed (the session works on a copy).
 */
export async function dryRunSession(
	options: SessionOptions,
	recorder: Recorder,
	dry = dryRunPorts(options.model, options.ports, recorder),
): Promise<RunResult> {
	const {model, ports} = dry;
	const untrack = trackSteps(options.bus, recorder);
	try {
		return await runSession({
			...options,
			model,
			ports,
			yes: false,
			dryRun: true,
			confirm: async question => {
				recorder.record(null, 'operator', `asks: ${question.split('\n')[0]} → yes (a dry run answers yes)`);
				return true;
			},
		});
	} finally {
		untrack();
	}
}

/** The recorder files each write under the step the runner is in. */
function trackSteps(bus: EventBus, recorder: Recorder): () => void {
	return bus.subscribe(event => {
		if (event.type === 'step-started' && event.node === null) recorder.enter(event.step);
		if (event.type === 'step-finished' && event.node === null) recorder.exit();
	});
}

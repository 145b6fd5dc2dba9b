import {createWriteStream, type WriteStream} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import {redact} from '../domain/redact.js';
import {eventLine} from '../domain/event-text.js';
import {now, type EventBus} from '../domain/events.js';

export const runLogFile = (workdir: string, attempt: string, runId: string) =>
	join(workdir, 'logs', attempt, `${runId}.log`);

/**
 * `workdir/logs/<attempt>/<run>.log`: every event the run shows, with full timestamps, redacted. A log
 * that cannot be written (a full disk while the dumps grow) is reported once, as incomplete, and dropped;
 * the run goes on.
 */
export async function openRunLog(file: string, bus: EventBus): Promise<{file: string; close: () => Promise<void>}> {
	await mkdir(join(file, '..'), {recursive: true});
	const stream: WriteStream = createWriteStream(file, {flags: 'a', mode: 0o600});
	let failed = false;
	stream.on('error', error => {
		if (failed) return;
		failed = true;
		unsubscribe();
		const text = `the run log ${file} cannot be written (${error.message}): it is incomplete from here on; the run goes on`;
		bus.emit({type: 'log', at: now(), step: null, node: null, level: 'warn', text});
	});
	const unsubscribe = bus.subscribe(event => {
		const line = eventLine(event);
		if (line !== undefined && !failed) stream.write(`${event.at} ${redact(line.slice(9))}\n`);
	});
	return {
		file,
		close: () =>
			new Promise(resolve => {
				unsubscribe();
				if (failed || stream.destroyed) resolve();
				else stream.end(resolve);
			}),
	};
}

import {createWriteStream, type WriteStream} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';
import {redact} from '../domain/redact.js';
import {eventLine} from './event-text.js';
import type {EventBus} from './events.js';

/** `workdir/logs/<run>.log`: every event the run shows, with full timestamps, redacted. */
export async function openRunLog(workdir: string, runId: string, bus: EventBus): Promise<{file: string; close: () => Promise<void>}> {
	const directory = join(workdir, 'logs');
	await mkdir(directory, {recursive: true});
	const file = join(directory, `${runId}.log`);
	const stream: WriteStream = createWriteStream(file, {flags: 'a', mode: 0o600});
	const unsubscribe = bus.subscribe(event => {
		const line = eventLine(event);
		if (line !== undefined) stream.write(`${event.at} ${redact(line.slice(9))}\n`);
	});
	return {
		file,
		close: () =>
			new Promise(resolve => {
				unsubscribe();
				stream.end(resolve);
			}),
	};
}

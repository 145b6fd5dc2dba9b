import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {EventBus, now, type EngineEvent} from '../../source/domain/events.js';
import {openRunLog} from '../../source/adapters/run-log.js';

const line = (text: string): EngineEvent => ({type: 'log', at: now(), step: null, node: null, level: 'info', text});

/** Resolves once the event loop has run the stream's pending writes and their errors. */
const settle = async () => new Promise(resolve => setTimeout(resolve, 50));

let dir: string | undefined;
afterEach(async () => {
	if (dir) await rm(dir, {recursive: true, force: true});
	dir = undefined;
});

describe('the run log', () => {
	it('writes every event line with its timestamp', async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'oms-run-log-'));
		const bus = new EventBus();
		const log = await openRunLog(path.join(dir, 'logs', 'a1', 'r1.log'), bus);
		bus.emit(line('first'));
		bus.emit(line('second'));
		await log.close();
		const text = await readFile(log.file, 'utf8');
		expect(text.split('\n').map(entry => entry.split(/ +/).slice(1).join(' '))).toEqual([
			'- - first',
			'- - second',
			'',
		]);
		expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /);
	});

	it('on a full disk (ENOSPC) says once that the log is incomplete, keeps the run going and closes', async () => {
		const bus = new EventBus();
		const seen: EngineEvent[] = [];
		bus.subscribe(event => seen.push(event));
		const log = await openRunLog('/dev/full', bus);
		for (let index = 0; index < 5; index += 1) {
			bus.emit(line(`line ${index}`));
			await settle();
		}
		const warnings = seen.filter(event => event.type === 'log' && event.level === 'warn');
		expect(warnings.map(event => (event.type === 'log' ? event.text : ''))).toEqual([
			'the run log /dev/full cannot be written (ENOSPC: no space left on device, write): it is incomplete from here on; the run goes on',
		]);
		bus.emit(line('after the failure'));
		await expect(log.close()).resolves.toBeUndefined();
	});
});

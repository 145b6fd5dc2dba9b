import {describe, expect, it} from 'vitest';
import {allOrNone} from '../../source/steps/backup.js';

/** A dump that runs until its signal aborts, as a client waiting on a silent MetaDB does. */
const waitsForAbort = (signal: AbortSignal) =>
	new Promise<never>((_resolve, reject) =>
		signal.addEventListener('abort', () => reject(new Error('stopped')), {once: true}),
	);

describe('allOrNone (the backup runs every dump at once)', () => {
	it('gives every result in order when all succeed', async () => {
		expect(await allOrNone(new AbortController().signal, [1, 2, 3], async item => item * 10)).toEqual([10, 20, 30]);
	});

	it('stops the siblings of a failed dump and throws that failure, once every sibling has ended', async () => {
		const ended: string[] = [];
		const run = allOrNone(new AbortController().signal, ['oms_rm', 'oms_cm', 'oms_cm_hb'], async (database, signal) => {
			if (database === 'oms_cm') throw new Error('mysqldump of oms_cm failed');
			try {
				return await waitsForAbort(signal);
			} finally {
				ended.push(database);
			}
		});
		await expect(run).rejects.toThrow('mysqldump of oms_cm failed');
		expect(ended.sort()).toEqual(['oms_cm_hb', 'oms_rm']);
	});

	it('stops every dump when the outer signal aborts (Ctrl-C)', async () => {
		const outer = new AbortController();
		const run = allOrNone(outer.signal, ['a', 'b'], async (_item, signal) => waitsForAbort(signal));
		outer.abort();
		await expect(run).rejects.toThrow('stopped');
	});
});

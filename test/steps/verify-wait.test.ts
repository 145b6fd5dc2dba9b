import {describe, expect, it} from 'vitest';
import {ExternalError} from '../../source/domain/errors.js';
import type {HostHealthRow} from '../../source/domain/node-health.js';
import type {StepContext} from '../../source/steps/step-context.js';
import {waitUntilOnline} from '../../source/steps/verify.js';

const host = '10.0.0.1';
const startMark = '2026-01-01 10:00:00';
const online: HostHealthRow = {ip: host, host_status: 'ONLINE', last_beat: '2026-01-01 10:05:00', age_sec: 3};

/** A verify context over one node; each MetaDB query takes the next answer (the last repeats). */
function verifyContext(answers: ReadonlyArray<HostHealthRow[] | Error>, timeoutSec = 30) {
	let calls = 0;
	const logs: Array<{text: string; level: string | undefined}> = [];
	const query = async () => {
		const answer = answers[Math.min(calls, answers.length - 1)];
		calls += 1;
		if (answer instanceof Error) throw answer;
		return answer;
	};
	const ctx = {
		model: {cmDb: 'cm', regions: [{heartbeatDb: 'hb'}], nodes: [{host}], plan: {verify: {timeoutSec}}},
		metadb: async () => ({query}),
		log: (_node: string | null, text: string, level?: string) => logs.push({text, level}),
		signal: new AbortController().signal,
	} as unknown as StepContext;
	return {ctx, logs, calls: () => calls};
}

describe('verify waits for every server Online', () => {
	it('retries a MetaDB hiccup with a warning instead of failing at once', async () => {
		const {ctx, logs, calls} = verifyContext([new Error('connect ECONNREFUSED 127.0.0.1:2881'), [online]]);
		await expect(waitUntilOnline(ctx, {[host]: startMark})).resolves.toBe(
			'all 1 servers ONLINE with heartbeats written after their start',
		);
		expect(calls()).toBe(2);
		expect(logs).toContainEqual({text: 'MetaDB: connect ECONNREFUSED 127.0.0.1:2881; retrying', level: 'warn'});
	});

	it('names the MetaDB failure at the timeout and keeps it as the cause', async () => {
		const refused = new Error('connect ECONNREFUSED 127.0.0.1:2881');
		const {ctx} = verifyContext([refused], 1);
		const error = await waitUntilOnline(ctx, {[host]: startMark}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ExternalError);
		expect((error as Error).message).toBe(
			'not every server is Online after 1s: the MetaDB did not answer (connect ECONNREFUSED 127.0.0.1:2881).',
		);
		expect((error as Error).cause).toBe(refused);
	});

	it('names the nodes that are not Online at the timeout', async () => {
		const {ctx} = verifyContext([[{...online, host_status: 'OFFLINE'}]], 1);
		await expect(waitUntilOnline(ctx, {[host]: startMark})).rejects.toThrow(
			'not every server is Online after 1s: 10.0.0.1: OFFLINE, heartbeat 3s old.',
		);
	});
});

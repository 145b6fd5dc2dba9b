import {describe, expect, it} from 'vitest';
import {parsePlan} from '../../source/config/load-plan.js';
import type {Journal, StepId, StepStatus} from '../../source/domain/journal-types.js';
import {age, attemptState, stateWords} from '../../source/engine/attempt-state.js';
import {newJournal} from '../../source/domain/journal.js';

const plan = parsePlan(
	'target: {version: 4.2.9-CE}\nnodes:\n  - {host: 10.0.0.2, docker: "unix:///d.sock", container: oms_428}\n',
	'/plans/p.yaml',
);
const haOn = '{"enable":true,"refetchStoreIntervalMin":30}';

function journal(steps: Partial<Record<StepId, StepStatus>>, extra: Partial<Journal> = {}): Journal {
	const value = newJournal(plan, new Date('2026-11-25T03:00:00Z'));
	for (const [id, status] of Object.entries(steps))
		value.steps[id as StepId] = {
			status,
			startedAt: '2026-11-25T03:01:00Z',
			finishedAt: '2026-11-25T03:09:00Z',
			reason: null,
			nodes: {},
		};
	return Object.assign(value, {haFound: haOn, ...extra});
}

const down = {'disable-ha': 'succeeded', 'stop-old': 'succeeded'} as const;

describe('the state of an attempt in words', () => {
	it('counts ages down, at the moment they are shown', () => {
		expect(age('2026-11-25T03:00:00Z', new Date('2026-11-25T03:00:30Z'))).toBe('30 s');
		expect(age('2026-11-25T03:00:00Z', new Date('2026-11-25T03:01:59Z'))).toBe('1 min');
		expect(age('2026-11-25T03:00:00Z', new Date('2026-11-25T05:07:00Z'))).toBe('2 h 7 min');
	});

	it('says OMS is down since T1 while the new OMS is not verified', () => {
		const words = stateWords(journal(down, {t1: '2026-11-25T03:02:00Z'}), new Date('2026-11-25T03:05:30Z'));
		expect(words).toBe(
			'OMS is DOWN: the old containers were stopped at 2026-11-25T03:02:00Z (3 min ago) and HA is OFF; `oms-upgrade run` (or the console) continues the upgrade, `oms-upgrade rollback` undoes it.',
		);
	});

	it('says the new OMS runs once verify passed, and that HA is off until enable-ha', () => {
		const verified = journal({...down, verify: 'succeeded'}, {t1: '2026-11-25T03:02:00Z'});
		expect(attemptState(verified)).toEqual({oms: {kind: 'new-verified', at: '2026-11-25T03:09:00Z'}, ha: 'off'});
		expect(stateWords(verified)).toMatch(
			/^The new OMS runs: verify found every node ONLINE with a fresh heartbeat at 2026-11-25T03:09:00Z; HA is OFF until enable-ha runs;/,
		);
	});

	it('is unsure, and says so, when a step that starts or stops containers was cut short and the cluster was not read', () => {
		const cut = journal(
			{...down, 'rb-disable-ha': 'succeeded', 'rb-start-old': 'interrupted'},
			{t1: '2026-11-25T03:02:00Z'},
		);
		expect(attemptState(cut).oms).toEqual({kind: 'unsure', step: 'rb-start-old'});
	});

	it('takes ha.config from the steps that wrote it, in order, and is unsure of a write that did not finish', () => {
		expect(attemptState(journal({...down, 'enable-ha': 'succeeded'})).ha).toBe('on');
		expect(attemptState(journal({...down, 'enable-ha': 'succeeded', 'rb-disable-ha': 'succeeded'})).ha).toBe('off');
		expect(attemptState(journal({...down, 'rb-disable-ha': 'failed'})).ha).toBe('off');
		expect(attemptState(journal({...down, 'rb-disable-ha': 'succeeded', 'rb-restore-ha': 'failed'})).ha).toBe(
			'maybe-off',
		);
		expect(attemptState(journal({...down, 'rb-restore-ha': 'succeeded'})).ha).toBe('as-found');
		// A step skipped (outside the rollback's scope) wrote nothing.
		expect(attemptState(journal({'disable-ha': 'interrupted', 'rb-disable-ha': 'skipped'})).ha).toBe('maybe-off');
		// Read from the MetaDB, ha.config speaks for itself.
		expect(attemptState(journal({...down, 'rb-restore-ha': 'failed'}), undefined, haOn).ha).toBe('on');
	});

	it('does not call an old OMS that never stopped "again" running (rb-start-old skipped in an ha-only rollback)', () => {
		const haOnly = journal(
			{'disable-ha': 'succeeded', 'rb-start-old': 'skipped'},
			{rollback: {kind: 'ha-only', reason: 'x', decidedAt: 'x'}},
		);
		expect(attemptState(haOnly).oms).toEqual({kind: 'old', again: false});
		expect(stateWords(haOnly)).toMatch(/^HA is OFF: attempt \S+ is being rolled back and OMS still runs;/);
	});

	it('believes the live cluster over the journal', () => {
		const stopping = journal(
			{...down, verify: 'succeeded', 'rb-disable-ha': 'succeeded', 'rb-stop-new': 'failed'},
			{t1: '2026-11-25T03:02:00Z'},
		);
		const fresh = {name: 'oms_428_429', running: true, labels: {'oms-upgrade.attempt': stopping.attempt}};
		const live = {nodes: [{host: '10.0.0.2', old: undefined, fresh: fresh as never, kept: []}]};
		expect(attemptState(stopping, live).oms).toEqual({kind: 'new-verified', at: '2026-11-25T03:09:00Z'});
		expect(attemptState(stopping).oms).toEqual({kind: 'unsure', step: 'rb-stop-new'});
	});
});

import {describe, expect, it} from 'vitest';
import type {ContainerSnapshot} from '../../source/adapters/container-snapshot.js';
import {parsePlan} from '../../source/config/load-plan.js';
import {
	rollbackStepIds,
	upgradeStepIds,
	type Journal,
	type StepId,
	type StepStatus,
	type UpgradeStepId,
} from '../../source/domain/journal-types.js';
import {newJournal} from '../../source/domain/journal.js';
import {attemptLabel} from '../../source/domain/attempt-label.js';
import {nothingRunning} from '../../source/engine/live-facts.js';
import {
	decideRollback,
	redoUndoes,
	skipReason,
	unmetBeforehand,
	unmetNow,
	type LiveFacts,
} from '../../source/engine/rulebook.js';

const plan = parsePlan(
	'target: {version: 4.2.9-CE}\nnodes:\n  - {host: 10.0.0.2, docker: "unix:///d.sock", container: oms_428}\n',
	'/plans/p.yaml',
);

function journal(done: readonly StepId[], extra: Partial<Record<StepId, StepStatus>> = {}): Journal {
	const value = newJournal(plan, new Date('2026-11-25T03:00:00Z'));
	for (const id of done)
		value.steps[id] = {status: 'succeeded', startedAt: 'x', finishedAt: 'x', reason: null, nodes: {}};
	for (const [id, status] of Object.entries(extra))
		value.steps[id as StepId] = {status, startedAt: 'x', finishedAt: 'x', reason: null, nodes: {}};
	return value;
}

const container = (
	name: string,
	running: boolean,
	labels: Record<string, string> = {},
	startedAt = '2026-11-25T03:01:00Z',
): ContainerSnapshot => ({
	id: name,
	name,
	image: 'i',
	imageId: 'sha256:i',
	status: running ? 'running' : 'exited',
	running,
	startedAt,
	finishedAt: '',
	env: [],
	binds: [],
	privileged: false,
	networkMode: 'host',
	labels,
});

const live = (old: boolean, fresh?: {running: boolean; attempt?: string; started?: boolean}): LiveFacts => ({
	nodes: [
		{
			host: '10.0.0.2',
			old: container('oms_428', old),
			fresh:
				fresh &&
				container(
					'oms_428_429',
					fresh.running,
					fresh.attempt ? {[attemptLabel]: fresh.attempt} : {},
					fresh.started === false ? '0001-01-01T00:00:00Z' : '2026-11-25T03:02:00Z',
				),
			kept: [],
		},
	],
});

const upTo = (step: UpgradeStepId) => upgradeStepIds.slice(0, upgradeStepIds.indexOf(step));
const attempt = '20261125T030000';

describe('the upgrade state machine', () => {
	it('refuses before anything runs when a selected step needs a step neither done nor selected', () => {
		expect(unmetBeforehand(journal([]), ['preflight', 'start-new', 'init'])).toEqual({
			step: 'start-new',
			reason: `backup has not been done in this attempt (${attempt}): run \`oms-upgrade run\` (or \`--from stage-image\`), which does it first`,
		});
		expect(unmetBeforehand(journal(['preflight']), ['preflight', 'clean-heartbeat'])).toEqual({
			step: 'clean-heartbeat',
			reason: `stop-old has not been done in this attempt (${attempt}): run \`oms-upgrade run\` (or \`--from stage-image\`), which does it first`,
		});
		expect(unmetBeforehand(journal([]), [...upgradeStepIds])).toBeUndefined();
		expect(unmetBeforehand(journal(upTo('init')), ['preflight', 'init', 'verify', 'enable-ha'])).toBeUndefined();
	});

	it('never lets start-new run while an old container runs, whatever the journal says', () => {
		expect(unmetNow(journal(upTo('start-new')), 'start-new', live(true))).toBe(
			'the old container runs on 10.0.0.2 (oms_428)',
		);
		expect(unmetNow(journal(upTo('start-new')), 'start-new', live(false))).toBeUndefined();
		expect(unmetNow(journal(['preflight']), 'start-new', live(false))).toBe(
			`backup has not been done in this attempt (${attempt}): run \`oms-upgrade run\` (or \`--from stage-image\`), which does it first`,
		);
	});

	it('does not dump once a new container of this attempt has run, nor after start-new started', () => {
		expect(
			unmetNow(journal(upTo('backup')), 'backup', live(false, {running: false, attempt, started: false})),
		).toBeUndefined();
		expect(unmetNow(journal(upTo('backup')), 'backup', live(false, {running: false, attempt}))).toBe(
			'new containers of this attempt have run on 10.0.0.2',
		);
		expect(unmetNow(journal(upTo('backup'), {'start-new': 'failed'}), 'backup', live(false))).toMatch(
			/^start-new has already started new containers in this attempt/,
		);
	});

	it('refuses clean-heartbeat once start-new started: the new OMS writes heartbeats the cleanup would take', () => {
		expect(unmetNow(journal(upTo('clean-heartbeat'), {'start-new': 'failed'}), 'clean-heartbeat', live(false))).toMatch(
			/^start-new has already started new containers in this attempt/,
		);
		expect(unmetNow(journal(upTo('clean-heartbeat')), 'clean-heartbeat', live(false, {running: true, attempt}))).toBe(
			'new containers of this attempt have run on 10.0.0.2',
		);
		expect(unmetNow(journal(upTo('clean-heartbeat')), 'clean-heartbeat', live(false))).toBeUndefined();
	});

	it('runs init only on running new containers of this attempt', () => {
		expect(unmetNow(journal(upTo('init')), 'init', live(false, {running: true, attempt}))).toBeUndefined();
		expect(unmetNow(journal(upTo('init')), 'init', live(false, {running: true, attempt: 'another'}))).toBe(
			"this attempt's new container is not running on 10.0.0.2 (running)",
		);
		expect(unmetNow(journal(upTo('init')), 'init', live(false))).toBe(
			"this attempt's new container is not running on 10.0.0.2 (absent)",
		);
	});

	it('enables HA only after verify passed in this attempt', () => {
		expect(unmetNow(journal(upTo('verify')), 'enable-ha', live(false))).toBe(
			`verify has not been done in this attempt (${attempt}): run \`oms-upgrade run\` (or \`--from verify\`), which does it first`,
		);
		expect(unmetNow(journal(upTo('enable-ha')), 'enable-ha', live(false))).toBeUndefined();
	});
});

describe('the rollback decision', () => {
	const at = '2026-11-25T04:00:00Z';

	it('restores HA only when nothing was stopped', () => {
		const scope = decideRollback(journal(['preflight', 'stage-image', 'disable-ha']), live(true), at);
		expect(scope.kind).toBe('ha-only');
		expect(skipReason('rb-restore', scope.kind, journal([]), scope.reason)).toBe(scope.reason);
		expect(skipReason('rb-start-old', scope.kind, journal([]), scope.reason)).toBe(scope.reason);
	});

	it('restarts the old containers without a restore when no metadata changed', () => {
		const scope = decideRollback(journal(upTo('start-new')), live(false), at);
		expect(scope.kind).toBe('restart-old');
		// clean-heartbeat ran: the sentence says what it removed instead of "no metadata was changed".
		expect(scope.reason).toContain(
			"only heatbeat_sequence's old rows were cleaned, as the guide does before its dumps",
		);
		expect(skipReason('rb-restore', scope.kind, journal([]), scope.reason)).toBe(scope.reason);
		expect(skipReason('rb-start-old', scope.kind, journal([]), scope.reason)).toBeUndefined();
	});

	it('restores the dumps once a new container ran or init started, the journal confirmed by the cluster', () => {
		expect(decideRollback(journal(upTo('init'), {init: 'failed'}), live(false), at).kind).toBe('restore');
		expect(decideRollback(journal(upTo('start-new'), {'start-new': 'interrupted'}), live(false), at).kind).toBe(
			'restore',
		);
		// A crash between create+start and the journal write: the live container says it ran.
		expect(decideRollback(journal(upTo('start-new')), live(false, {running: true, attempt}), at).kind).toBe('restore');
		expect(
			decideRollback(journal(upTo('start-new')), live(false, {running: false, attempt, started: false}), at).kind,
		).toBe('restart-old');
	});

	it('never restores under a running OMS, old or new', () => {
		expect(nothingRunning(live(true), journal([]))).toBe(
			'oms_428 on 10.0.0.2 is running; the MetaDB is never restored under a running OMS',
		);
		expect(nothingRunning(live(false, {running: true, attempt}), journal([]))).toMatch(
			/^oms_428_429 on 10.0.0.2 is running/,
		);
		expect(nothingRunning(live(false, {running: false, attempt}), journal([]))).toBeUndefined();
	});

	it('leaves ha.config alone when the attempt never changed it', () => {
		const untouched = journal(['preflight']);
		const scope = decideRollback(untouched, live(true), at);
		expect(skipReason('rb-restore-ha', scope.kind, untouched, scope.reason)).toBe(
			'this attempt never changed ha.config',
		);
	});
});

describe('the rollback under the rulebook', () => {
	const upgraded = journal([...upgradeStepIds]);
	const restore = decideRollback(upgraded, live(false, {running: true, attempt}), '2026-11-25T04:00:00Z');

	it('never starts the old OMS over metadata this attempt changed before the restore, one step at a time or --from', () => {
		expect(restore.kind).toBe('restore');
		const stepped = journal([...upgradeStepIds, 'rb-disable-ha', 'rb-stop-new']);
		expect(unmetNow(stepped, 'rb-start-old', live(false, {running: false, attempt}), 'restore')).toBe(
			`rb-restore has not been done in this rollback of attempt ${attempt}: run \`oms-upgrade rollback\` (or \`--from rb-restore\`), which does it first`,
		);
		expect(unmetBeforehand(stepped, ['rb-start-old', 'rb-verify', 'rb-restore-ha'], 'restore')?.step).toBe(
			'rb-start-old',
		);
		expect(
			unmetBeforehand(stepped, ['rb-restore', 'rb-start-old', 'rb-verify', 'rb-restore-ha'], 'restore'),
		).toBeUndefined();
	});

	it('holds the invariant on the live facts even where the journal says the restore is out of scope', () => {
		const stopped = journal([...upTo('start-new'), 'rb-disable-ha'], {'start-new': 'failed'});
		expect(unmetNow(stopped, 'rb-start-old', live(false, {running: false, attempt}), 'restart-old')).toMatch(
			/^new containers were started, so the MetaDB holds metadata this attempt changed and rb-restore has not restored/,
		);
	});

	it('counts a step outside the scope as done, so a restart needs no restore', () => {
		const stopped = journal([...upTo('start-new'), 'rb-disable-ha']);
		expect(unmetNow(stopped, 'rb-start-old', live(false), 'restart-old')).toBeUndefined();
		expect(unmetBeforehand(journal(upTo('start-new')), ['rb-restore-ha'], 'restart-old')).toEqual({
			step: 'rb-restore-ha',
			reason: `rb-verify has not been done in this rollback of attempt ${attempt}: run \`oms-upgrade rollback\` (or \`--from rb-disable-ha\`), which does it first`,
		});
		expect(unmetBeforehand(journal(['preflight']), ['rb-restore-ha'], 'ha-only')).toBeUndefined();
	});
});

describe("a refused step's advice", () => {
	it('names a --from that is not refused in turn (the upgrade, only preflight done)', () => {
		const checked = journal(['preflight']);
		for (const step of upgradeStepIds.filter(id => id !== 'preflight')) {
			const refused = unmetBeforehand(checked, ['preflight', step]);
			if (!refused) continue;
			const from = /\(or `--from ([\w-]+)`\)/.exec(refused.reason)?.[1];
			expect(from, refused.reason).toBe('stage-image');
			expect(
				unmetBeforehand(checked, [
					'preflight',
					...upgradeStepIds.slice(upgradeStepIds.indexOf(from as (typeof upgradeStepIds)[number])),
				]),
			).toBe(undefined);
		}
	});

	it.each(['restore', 'restart-old'] as const)(
		'names a --from that is not refused in turn (%s, nothing of the rollback done yet)',
		scope => {
			const upgraded = journal(scope === 'restore' ? [...upgradeStepIds] : upTo('start-new'));
			for (const step of rollbackStepIds.filter(id => id !== 'rb-disable-ha')) {
				const refused = unmetBeforehand(upgraded, [step], scope);
				if (!refused) continue;
				const from = /\(or `--from ([\w-]+)`\)/.exec(refused.reason)?.[1];
				expect(from, refused.reason).toBe('rb-disable-ha');
				const rest = rollbackStepIds.slice(rollbackStepIds.indexOf(from as (typeof rollbackStepIds)[number]));
				expect(unmetBeforehand(upgraded, rest, scope), `--from ${from}`).toBeUndefined();
			}
		},
	);
});

describe('--only of a step already done', () => {
	it('is refused when a later step changed ha.config after it (a finished rollback left with HA off)', () => {
		const finished = journal([
			...upgradeStepIds,
			'rb-disable-ha',
			'rb-stop-new',
			'rb-restore',
			'rb-start-old',
			'rb-verify',
			'rb-restore-ha',
		]);
		expect(redoUndoes(finished, 'rb-disable-ha')).toBe(
			'rb-disable-ha was done in this attempt and rb-restore-ha changed ha.config after it: doing rb-disable-ha again now would undo that',
		);
		// Nothing changed ha.config after it, or the step does not touch ha.config: done again as asked.
		expect(redoUndoes(journal([...upgradeStepIds, 'rb-disable-ha']), 'rb-disable-ha')).toBeUndefined();
		expect(redoUndoes(finished, 'rb-start-old')).toBeUndefined();
		expect(redoUndoes(journal(upTo('verify')), 'disable-ha')).toBeUndefined();
	});
});

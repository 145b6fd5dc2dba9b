import {ofAttempt} from '../domain/attempt-label.js';
import {parseHaConfig} from '../domain/ha-config.js';
import {rollbackStepIds, upgradeStepIds, type Journal, type StepId} from '../domain/journal-types.js';
import {hasStarted, isDone, stepRecord} from '../domain/journal.js';
import type {LiveFacts} from './live-facts.js';
import {rulebook} from './rulebook.js';
import {adviceWords} from '../domain/advice-words.js';

/** Whether OMS serves now, and since when it does not. */
type OmsState =
	| {readonly kind: 'old'; readonly again: boolean}
	| {readonly kind: 'new-verified'; readonly at: string}
	| {
			readonly kind: 'down';
			readonly since: string;
			readonly what: string;
			readonly nodes: readonly string[] | undefined;
	  }
	/** The journal alone cannot tell: a step was cut short in the middle of what it does. */
	| {readonly kind: 'unsure'; readonly step: string};

/** ha.config as this attempt left it: as found, OFF by this attempt, on again, or not known for sure. */
type HaState = 'as-found' | 'off' | 'maybe-off' | 'on';

type AttemptState = {readonly oms: OmsState; readonly ha: HaState};

/**
 * What is true now, derived from the journal checked against the live cluster where it could be read
 * (`live`, and `haRaw`, ha.config as read now): every message that states the cluster's state (the end
 * of a run, status, the console) uses this and `stateWords`, so they cannot disagree.
 */
export function attemptState(journal: Journal, live?: LiveFacts, haRaw?: string): AttemptState {
	return {oms: omsState(journal, live), ha: haState(journal, haRaw)};
}

function omsState(journal: Journal, live: LiveFacts | undefined): OmsState {
	// Skipped (nothing was stopped) is not a restart: the old OMS never went down.
	const restarted = journal.steps['rb-start-old']?.status === 'succeeded';
	const verified = isDone(journal, 'verify') && !hasStarted(journal, 'rb-stop-new');
	if (live) {
		// What runs decides: a new container serves once this attempt's verify passed, whatever the rollback began.
		const serves = isDone(journal, 'verify');
		const newUp = (node: LiveFacts['nodes'][number]) =>
			serves && node.fresh?.running === true && ofAttempt(node.fresh, journal.attempt);
		const down = live.nodes.filter(node => !node.old?.running && !newUp(node));
		if (down.length === 0)
			return live.nodes.some(newUp)
				? {kind: 'new-verified', at: stepRecord(journal, 'verify').finishedAt ?? '?'}
				: {kind: 'old', again: restarted};
		return downSince(journal, down.length < live.nodes.length ? down.map(node => node.host) : undefined);
	}
	const cut = Object.entries(journal.steps).find(
		([id, record]) =>
			record && rulebook[id as StepId].moves && ['running', 'interrupted', 'failed'].includes(record.status),
	)?.[0];
	if (cut && journal.t1 !== null) return {kind: 'unsure', step: cut};
	if (restarted) return {kind: 'old', again: true};
	if (journal.t1 === null) return {kind: 'old', again: false};
	if (verified) return {kind: 'new-verified', at: stepRecord(journal, 'verify').finishedAt ?? '?'};
	return downSince(journal, undefined);
}

function downSince(journal: Journal, nodes: readonly string[] | undefined): OmsState {
	// The new OMS was verified and the rollback stopped it: this outage began at T3, not T1.
	if (journal.t3 && isDone(journal, 'verify'))
		return {kind: 'down', since: journal.t3, what: "the rollback stopped this attempt's new containers", nodes};
	return {kind: 'down', since: journal.t1 ?? journal.t3 ?? '?', what: 'the old containers were stopped', nodes};
}

function haState(journal: Journal, haRaw: string | undefined): HaState {
	const found = journal.haFound === null ? undefined : parseHaConfig(journal.haFound);
	if (found?.enable !== true) return 'as-found';
	const now = haRaw === undefined ? undefined : parseHaConfig(haRaw);
	if (now) return now.enable === true ? (isDone(journal, 'rb-restore-ha') ? 'as-found' : 'on') : 'off';
	// Not read: the journal says what each step wrote, in order; a write that did not finish may or may not have
	// landed.
	let state: HaState = 'as-found';
	for (const id of [...upgradeStepIds, ...rollbackStepIds]) {
		const writes = rulebook[id].ha;
		const status = journal.steps[id]?.status;
		// A skipped step wrote nothing; one that did not finish may or may not have.
		if (!writes || status === undefined || status === 'pending' || status === 'skipped') continue;
		state = status === 'succeeded' ? writes : state === writes ? state : 'maybe-off';
	}
	return state;
}

/** "3 min", "45 s": rounded down, so a message never says a minute passed before it did. */
export function age(fromIso: string, at: Date): string {
	const seconds = Math.max(0, Math.floor((at.getTime() - Date.parse(fromIso)) / 1000));
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * What an unfinished attempt leaves changed, in one sentence, with what to do next; undefined when
 * nothing is left changed (nothing stopped and HA as found, the upgrade finished, or the rollback did).
 * `unread` follows "the cluster could not be read again": where to look, or (status, which is where) why.
 */
export function stateWords(
	journal: Journal | undefined,
	at: Date = new Date(),
	live?: LiveFacts,
	haRaw?: string,
	unread: string = adviceWords.statusShows.line,
): string | undefined {
	if (!journal) return undefined;
	const rollingBack = journal.rollback !== null;
	if (!rollingBack && isDone(journal, 'enable-ha')) return undefined;
	const {oms, ha} = attemptState(journal, live, haRaw);
	const next = rollingBack ? adviceWords.rollbackFinishes.line : adviceWords.continueOrUndo.line;
	const haOff =
		ha === 'off'
			? ' and HA is OFF'
			: ha === 'maybe-off'
				? ' and HA may be OFF (its last change did not finish; status shows it)'
				: '';
	switch (oms.kind) {
		case 'down': {
			const where = oms.nodes ? ` on ${oms.nodes.join(', ')}` : '';
			return `OMS is DOWN${where}: ${oms.what} at ${oms.since} (${age(oms.since, at)} ago)${haOff}; ${next}.`;
		}
		case 'unsure':
			return `OMS may be DOWN: ${oms.step} did not finish and the cluster could not be read again ${unread}${haOff}; ${next}.`;
		case 'new-verified': {
			const until = rollingBack ? '' : ' until enable-ha runs';
			return `The new OMS runs: verify found every node ONLINE with a fresh heartbeat at ${oms.at}${haOff ? `;${haOff.replace(' and', '')}${until}` : ''}; ${next}.`;
		}
		case 'old':
			if (ha === 'off')
				return `HA is OFF: attempt ${journal.attempt} ${rollingBack ? 'is being rolled back' : 'disabled it'} and ${oms.again ? 'the old OMS runs again' : 'OMS still runs'}; ${next}.`;
			if (ha === 'maybe-off')
				return `HA may be OFF: a change of ha.config by attempt ${journal.attempt} did not finish and OMS runs; ${next}.`;
			return rollingBack ? `The old OMS runs${oms.again ? ' again' : ''}; ${next}.` : undefined;
	}
}

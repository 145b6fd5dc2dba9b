import {parseHaConfig} from '../domain/ha-config.js';
import type {Journal} from '../domain/journal-types.js';
import {hasStarted, isDone} from './journal.js';

/** ha.config in plain words for status and the panel: on or OFF, and whether this attempt is why. */
export function haStateWords(journal: Journal | undefined, liveRaw: string | undefined): string {
	const live = liveRaw === undefined ? undefined : parseHaConfig(liveRaw);
	const now = live === undefined ? 'unknown (ha.config unreadable)' : live.enable === true ? 'on' : 'OFF';
	if (!journal || journal.haFound === null) return now;
	const found = parseHaConfig(journal.haFound);
	if (found?.enable !== true) return `${now} (it was off before the upgrade)`;
	if (live?.enable === true) return isDone(journal, 'enable-ha') ? 'on (enabled again by this attempt)' : now;
	if (hasStarted(journal, 'disable-ha'))
		return `OFF: disabled by attempt ${journal.attempt}; \`oms-upgrade run\` enables it at the end, \`oms-upgrade rollback\` puts it back`;
	return now;
}

/**
 * What an unfinished attempt leaves changed, in one sentence for the end of a run or console session
 * that did not finish the upgrade: OMS down since T1, or HA still OFF. Undefined when nothing is left so.
 */
export function leftChanged(journal: Journal | undefined, at: Date = new Date()): string | undefined {
	if (!journal || journal.rollback || isDone(journal, 'enable-ha')) return undefined;
	const next = '`oms-upgrade run` (or the console) continues the upgrade, `oms-upgrade rollback` undoes it';
	// haFound is recorded by disable-ha before it writes: HA was on, and this attempt turned it off.
	const haOff = hasStarted(journal, 'disable-ha') && journal.haFound !== null && parseHaConfig(journal.haFound)?.enable === true;
	if (journal.t1) {
		const minutes = Math.max(0, Math.round((at.getTime() - new Date(journal.t1).getTime()) / 60_000));
		return `OMS is DOWN: the old containers were stopped at ${journal.t1} (${minutes} min ago)${haOff ? ' and HA is OFF' : ''}; ${next}.`;
	}
	if (haOff) return `HA is OFF: attempt ${journal.attempt} disabled it and OMS still runs; ${next}.`;
	return undefined;
}

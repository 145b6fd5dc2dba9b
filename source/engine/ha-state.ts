import {parseHaConfig} from '../domain/ha-config.js';
import type {Journal} from '../domain/journal-types.js';
import {hasStarted, isDone} from '../domain/journal.js';
import {adviceWords} from '../domain/advice-words.js';

/** ha.config in plain words for status and the panel: on or OFF, and whether this attempt is why. */
export function haStateWords(journal: Journal | undefined, liveRaw: string | undefined): string {
	const live = liveRaw === undefined ? undefined : parseHaConfig(liveRaw);
	const now = live === undefined ? 'unknown (ha.config unreadable)' : live.enable === true ? 'on' : 'OFF';
	if (!journal || journal.haFound === null) return now;
	// Not read now: what the journal last did to it, never a state it did not see.
	if (live === undefined) {
		const last = isDone(journal, 'enable-ha')
			? `the journal says enable-ha turned it on at ${journal.steps['enable-ha']?.finishedAt ?? 'an unrecorded time'}`
			: hasStarted(journal, 'disable-ha')
				? `the journal says attempt ${journal.attempt} disabled it`
				: 'this attempt has not changed it';
		return `${now}; ${last}`;
	}
	const found = parseHaConfig(journal.haFound);
	if (found?.enable !== true) return `${now} (it was off before the upgrade)`;
	if (live?.enable === true) return isDone(journal, 'enable-ha') ? 'on (enabled again by this attempt)' : now;
	// A rollback in progress refuses `run`: only the rollback puts it back then.
	if (journal.rollback !== null && (hasStarted(journal, 'disable-ha') || hasStarted(journal, 'rb-disable-ha')))
		return `OFF: attempt ${journal.attempt} is being rolled back; ${adviceWords.rollbackFinishes.line} and puts it back`;
	if (hasStarted(journal, 'disable-ha'))
		return `OFF: disabled by attempt ${journal.attempt}; \`oms-upgrade run\` enables it at the end, \`oms-upgrade rollback\` puts it back`;
	return now;
}

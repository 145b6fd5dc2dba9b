import type {Discovery} from '../config/discover-cluster.js';
import {upgradeStepIds, type Journal} from '../domain/journal-types.js';
import {nextUpgradeStep} from './rulebook.js';
import {adviceWords} from '../domain/advice-words.js';

/**
 * "Already at the target, nothing to do": this plan's attempt finished every step, or (with no attempt
 * open) the MetaDB already records the target version. Undefined when there is work to do.
 */
export function alreadyUpgraded(discovery: Discovery, journal: Journal | undefined): string | undefined {
	const target = discovery.plan.target.version;
	if (journal) {
		if (journal.rollback || nextUpgradeStep(journal, upgradeStepIds) !== undefined) return undefined;
		return `already upgraded to ${target} by attempt ${journal.attempt}${journal.t2 ? ` (HA back on at ${journal.t2})` : ''}; nothing to do. ${adviceWords.rollbackWouldUndo.line}.`;
	}
	const source = discovery.sourceVersion;
	if (source?.origin === 'rm.oms_version' && source.version === target) {
		return `the MetaDB already records ${target} (rm.oms_version) and this plan has no attempt open: already at the target, nothing to do.`;
	}
	return undefined;
}

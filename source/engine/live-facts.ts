import {ofAttempt} from '../domain/attempt-label.js';
import type {Journal} from '../domain/journal-types.js';
import {neverStarted, type ContainerSnapshot, type ContainerSummary} from '../ports/docker-port.js';
import {hasStarted, isDone} from '../domain/journal.js';
import {adviceWords} from '../domain/advice-words.js';

/** One node as the cluster shows it right now. */
export type LiveNode = {
	readonly host: string;
	readonly old: ContainerSnapshot | undefined;
	/** The container under the plan's new name. */
	readonly fresh: ContainerSnapshot | undefined;
	/** New containers kept (stopped, renamed) by rollbacks of earlier attempts. */
	readonly kept: readonly ContainerSummary[];
};

export type LiveFacts = {readonly nodes: readonly LiveNode[]};

/** A fact that must hold on the live cluster before a step runs: undefined when it holds, else why not. */
export type LiveRule = (live: LiveFacts, journal: Journal) => string | undefined;

export const oldStopped: LiveRule = live => {
	const running = live.nodes.flatMap(node => (node.old?.running ? [`${node.host} (${node.old.name})`] : []));
	return running.length > 0 ? `the old container runs on ${running.join(', ')}` : undefined;
};

export const noNewStarted: LiveRule = (live, journal) => {
	if (hasStarted(journal, 'start-new'))
		return 'start-new has already started new containers in this attempt: a dump now would hold metadata they may have changed';
	const started = live.nodes.filter(
		node => node.fresh && ofAttempt(node.fresh, journal.attempt) && !neverStarted(node.fresh),
	);
	return started.length > 0
		? `new containers of this attempt have run on ${started.map(node => node.host).join(', ')}`
		: undefined;
};

export const newRunning: LiveRule = (live, journal) => {
	const down = live.nodes.filter(node => !node.fresh?.running || !ofAttempt(node.fresh, journal.attempt));
	return down.length > 0
		? `this attempt's new container is not running on ${down.map(node => `${node.host} (${node.fresh ? node.fresh.status : 'absent'})`).join(', ')}`
		: undefined;
};

/** rb-restore never drops a database while an OMS container (old or new) runs. */
export const nothingRunning: LiveRule = live => {
	const running = live.nodes.flatMap(node =>
		[node.old, node.fresh].flatMap(container => (container?.running ? [`${container.name} on ${node.host}`] : [])),
	);
	return running.length > 0
		? `${running.join(', ')} ${running.length > 1 ? 'are' : 'is'} running; the MetaDB is never restored under a running OMS`
		: undefined;
};

export const newStopped: LiveRule = (live, journal) => {
	const running = live.nodes.filter(node => node.fresh?.running && ofAttempt(node.fresh, journal.attempt));
	return running.length > 0
		? `this attempt's new container still runs on ${running.map(node => node.host).join(', ')}: both would share the host network and the mounts`
		: undefined;
};

/**
 * Metadata this attempt may have changed: a new container has run, init started, or the version fix was written after
 * the dumps.
 */
export function metadataTouched(journal: Journal, live: LiveFacts): string | undefined {
	if (hasStarted(journal, 'init')) return 'init (docker_init.sh) ran';
	if (journal.versionFixApplied) return 'the oms_version fix was written';
	if (hasStarted(journal, 'start-new')) return 'new containers were started';
	const ran = live.nodes.filter(
		node => node.fresh && ofAttempt(node.fresh, journal.attempt) && !neverStarted(node.fresh),
	);
	return ran.length > 0
		? `new containers of this attempt have run on ${ran.map(node => node.host).join(', ')}`
		: undefined;
}

/**
 * The invariant the rulebook exists for: an old OMS never starts over metadata this attempt changed
 * unless this attempt's dumps were restored first.
 */
export const metadataRestoredIfChanged: LiveRule = (live, journal) => {
	const touched = metadataTouched(journal, live);
	if (!touched || isDone(journal, 'rb-restore')) return undefined;
	return `${touched}, so the MetaDB holds metadata this attempt changed and rb-restore has not restored this attempt's dumps: the old OMS never starts over it ${adviceWords.rollbackRestoresFirst.line}`;
};

export const both =
	(...rules: readonly LiveRule[]): LiveRule =>
	(live, journal) => {
		for (const rule of rules) {
			const reason = rule(live, journal);
			if (reason) return reason;
		}
		return undefined;
	};

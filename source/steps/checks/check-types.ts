/** What this plan's open attempt already did, so a resumed preflight does not fail on the upgrade's own work. */
export type ResumeFacts = {
	/** The attempt: containers carrying its label were created by it. */
	readonly attempt: string;
	/** stop-old has started: old containers may be stopped and nodes not ONLINE. */
	readonly oldStopped: boolean;
	/** The source version recorded when the attempt began (init rewrites rm.oms_version). */
	readonly from: string | null;
	/** This attempt has its dumps: the disk they need is already used. */
	readonly backedUp: boolean;
	/** stage-image is done: the new image is on every node. */
	readonly staged: boolean;
};

type CheckStatus = 'pass' | 'warn' | 'fail';

export type CheckResult = {
	/** Stable id of the check, e.g. `binds`. */
	readonly id: string;
	/** The node it is about, or null for the cluster. */
	readonly node: string | null;
	readonly status: CheckStatus;
	/** Why: the values seen, and for warn/fail what to do. */
	readonly reason: string;
	/**
	 * false for a check that could not or need not be made here (its reason says why): it does not stop the
	 * run, and it is shown as not checked, never as a pass.
	 */
	readonly checked?: false;
};

export const pass = (id: string, node: string | null, reason: string): CheckResult => ({
	id,
	node,
	status: 'pass',
	reason,
});
/** A check not made, and why: it stops nothing and is not a pass. */
export const notChecked = (id: string, node: string | null, why: string): CheckResult => ({
	id,
	node,
	status: 'pass',
	reason: `not checked: ${why}`,
	checked: false,
});
export const warn = (id: string, node: string | null, reason: string): CheckResult => ({
	id,
	node,
	status: 'warn',
	reason,
});
export const fail = (id: string, node: string | null, reason: string): CheckResult => ({
	id,
	node,
	status: 'fail',
	reason,
});

/** Every check, in the order preflight runs and prints them. */
export const checkCatalog = [
	{id: 'docker', title: 'Docker reachable'},
	{id: 'old-container', title: 'old container exists and runs'},
	{id: 'binds', title: 'binds include config.yaml, logs, store, run and the host paths exist'},
	{id: 'config', title: 'config.yaml readable and consistent across nodes'},
	{id: 'metadb', title: 'MetaDB reachable with the needed privileges'},
	{id: 'databases', title: 'databases exist'},
	{id: 'version', title: 'source version allowed for the target'},
	{id: 'ha-config', title: 'ha.config readable'},
	{id: 'image', title: 'package readable and holds the target image'},
	{id: 'node-disk', title: "enough free space on each node's Docker data root for the image"},
	{id: 'new-name', title: 'new container name free'},
	{id: 'disk', title: 'enough free space in the workdir for the dumps'},
	{id: 'clients', title: 'mysqldump and mysql clients present'},
	{id: 'online', title: 'every node ONLINE now'},
	{id: 'coverage', title: 'every node and region of the cluster is in the plan'},
] as const;

export function checkTitle(id: string): string {
	return checkCatalog.find(check => check.id === id)?.title ?? id;
}

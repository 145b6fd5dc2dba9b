/** The label every container this tool creates carries: the attempt that created it. */
export const attemptLabel = 'oms-upgrade.attempt';

/** The container was created by this attempt (its label says so). */
export const ofAttempt = (
	container: {readonly labels: Readonly<Record<string, string>>} | undefined,
	attempt: string,
) => container?.labels[attemptLabel] === attempt;

/** The guide's table of what HA does after the upgrade, by the task's state before it: three rows, three columns. */
export const haColumns = [
	'Task/Component status before upgrade',
	'After the upgrade (HA is disabled)',
	'After the upgrade (HA enabled)',
] as const;

const unchangedFails = 'The task status remains unchanged. The Incr-Sync component fails. The Store component fails.';
const haRestarts =
	'The task status remains unchanged. HA automatically starts the Incr-Sync component. HA creates Store components based on the configuration (Modify HA configurations).';

export const haRows: ReadonlyArray<readonly [string, string, string]> = [
	[
		'The task is running normally: the Incr-Sync component is running normally; the Store component is running normally.',
		unchangedFails,
		haRestarts,
	],
	['Task failure: Incr-Sync component exception; Store component exception.', unchangedFails, haRestarts],
	[
		'Task suspended: the Incr-Sync component is suspended; the Store component is running normally.',
		'The task status remains unchanged. The Incr-Sync component is suspended. The Store component encounters an exception.',
		'The task status remains unchanged. The Incr-Sync component is paused. HA creates a Store component based on the configuration (Modify HA configurations).',
	],
];

/** The rows as plain lines for line output: what fails while HA is off, by the task's state. */
export function haOffLines(): string[] {
	return haRows.map(([before, off]) => `  ${before} → with HA off: ${off}`);
}

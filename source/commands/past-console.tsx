import {render} from 'ink';
import type {Plan} from '../config/plan-types.js';
import {ConfigError} from '../domain/errors.js';
import type {Journal} from '../domain/journal-types.js';
import type {AttemptsPort} from '../ports/attempts-port.js';
import {rollbackSteps, upgradeSteps} from '../steps/index.js';
import {pastAttemptStore, pastAttemptText} from '../store/past-attempt.js';
import type {PanelStore} from '../store/panel-store.js';
import {App} from '../ui/app.js';
import type {PanelController} from '../ui/dispatch.js';
import {panelRenderOptions} from '../ui/render-options.js';
import {enterAlternateScreen} from './terminal.js';

/** The store of a past attempt's console, from the workdir's files alone (no node, no MetaDB). */
export async function pastConsoleStore(plan: Plan, journal: Journal, files: AttemptsPort): Promise<PanelStore> {
	const logs = await Promise.all(
		(await files.logs(journal.attempt)).map(async file => ({file, text: await files.readLog(file)})),
	);
	return pastAttemptStore(
		{plan, journal, report: await files.report(journal.attempt), logs},
		upgradeSteps,
		rollbackSteps,
	);
}

/** Its controller: nothing to drive. The keys say so before they get here; this says it too, should one arrive. */
export function readOnlyController(store: PanelStore, attempt: string): PanelController {
	const say = () => store.getState().say(pastAttemptText(attempt));
	return {busy: false, runStep: say, runFrom: say, rollback: say, answer: say, interrupt: async () => undefined};
}

/** `history ATTEMPT --console`: the full-screen panel over a past attempt, read-only, until q. */
export async function pastConsole(plan: Plan, journal: Journal, files: AttemptsPort): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY)
		throw new ConfigError('history --console needs a terminal on stdin and stdout.', {
			hint: `Use \`oms-upgrade history ${journal.attempt}\` (or --markdown) in scripts and pipes.`,
		});
	const store = await pastConsoleStore(plan, journal, files);
	const screen = enterAlternateScreen();
	try {
		const instance = render(
			<App store={store} controller={readOnlyController(store, journal.attempt)} />,
			panelRenderOptions,
		);
		await instance.waitUntilExit();
	} finally {
		screen.restore();
	}
	return 0;
}

import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {rollbackSteps, upgradeSteps} from '../../source/steps/index.js';
import {stepView, viewDefaults} from '../../source/store/initial-state.js';
import type {NodeView, PanelState, StepView, StoreManaged} from '../../source/store/panel-state.js';
import {createPanelStore, type PanelStore} from '../../source/store/panel-store.js';
import {App} from '../../source/ui/app.js';
import type {PanelController} from '../../source/ui/dispatch.js';

/** The frame as a person reads it: colours, cursor moves and hyperlinks (OSC 8) removed. */
export const stripAnsi = (text: string) => stripVTControlCharacters(text);

export function stepViews(ids: 'upgrade' | 'rollback', statuses: Record<string, StepView['status']> = {}): StepView[] {
	return (ids === 'upgrade' ? upgradeSteps : rollbackSteps).map(step => ({
		...stepView(step),
		status: statuses[step.id] ?? 'pending',
	}));
}

export function nodeView(host: string, change: Partial<NodeView> = {}): NodeView {
	return {
		host,
		region: 'hangzhou',
		oldContainer: 'oms_428',
		newContainer: 'oms_428_429',
		oldState: 'running',
		newState: 'absent',
		imageStaged: false,
		init: null,
		initBy: null,
		hostStatus: 'ONLINE',
		heartbeatAgeSec: 2,
		reachable: true,
		ssh: null,
		oldBinds: [`/data/${host}/config.yaml:/home/admin/conf/config.yaml`, `/data/${host}/logs:/home/admin/logs`],
		newBinds: null,
		...change,
	};
}

export function panelStore(change: Partial<Omit<PanelState, StoreManaged>> = {}): PanelStore {
	return createPanelStore({
		planName: 'hz-prod',
		workdir: '/srv/oms-upgrade-hz-prod',
		from: '4.2.8-CE',
		to: '4.2.9-CE',
		metadb: 'oms_meta_user@10.0.0.10:2883',
		haState: 'on',
		openedAt: Date.parse('2026-11-24T16:00:00Z'),
		t1: null,
		t2: null,
		t4: null,
		steps: stepViews('upgrade'),
		rollback: stepViews('rollback'),
		nodes: [nodeView('10.0.0.2'), nodeView('10.0.0.3', {initBy: '10.0.0.2'})],
		...viewDefaults,
		...change,
	});
}

/** A controller that records what the panel asked of it: the panel's side of the key → engine path. */
export function recordingController(busy = false): PanelController & {calls: string[]} {
	const calls: string[] = [];
	return {
		calls,
		busy,
		runStep: step => calls.push(`runStep ${step}`),
		runFrom: step => calls.push(`runFrom ${step}`),
		rollback: () => calls.push('rollback'),
		answer: yes => calls.push(`answer ${yes}`),
		interrupt: async () => {
			calls.push('interrupt');
		},
		inspectNode: host => calls.push(`inspect ${host}`),
	};
}

export function renderPanel(store: PanelStore, controller: PanelController, size = {columns: 100, rows: 30}) {
	store.setState({now: Date.parse('2026-11-24T16:05:00Z')});
	const instance = render(<App store={store} controller={controller} size={size} />);
	const frame = () => stripAnsi(instance.lastFrame() ?? '');
	/** Types into the panel and lets Ink handle it. */
	const press = async (input: string) => {
		instance.stdin.write(input);
		await new Promise(resolve => setTimeout(resolve, 20));
	};
	return {...instance, frame, press};
}

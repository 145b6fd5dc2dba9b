// The running panel as the console draws it during a backup, built from dist/ (npm run build first):
// the panel's store with three nodes and the backup step running, the App rendered by Ink to the given
// terminal. The benches that feed it log lines or keys share this one place that knows the panel's modules.
import {EventEmitter} from 'node:events';

/** A keyboard nobody types on: the panel reads keys in raw mode, which needs a TTY-like stdin. */
export class IdleKeyboard extends EventEmitter {
	isTTY = true;
	setRawMode() {}
	setEncoding() {}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
	read() {
		return null;
	}
}

/** Renders the panel; `log(text)` appends one line to the running backup step's log. */
export async function renderPanel({stdout, stdin, columns, rows}) {
	// The build's own copies (dist/vendor, scripts/build/vendor.mjs): the panel's modules use these, one React.
	const React = (await import('../../dist/vendor/react.js')).default;
	const {render} = await import('../../dist/vendor/ink.js');
	const {createPanelStore} = await import('../../dist/store/panel-store.js');
	const {App} = await import('../../dist/ui/app.js');
	const {panelRenderOptions} = await import('../../dist/ui/render-options.js');
	const {upgradeSteps, rollbackSteps} = await import('../../dist/steps/index.js');
	const {stepView: view, viewDefaults} = await import('../../dist/store/initial-state.js');
	const node = host => ({host, region: 'hangzhou', oldContainer: 'oms_428', newContainer: 'oms_428_429', oldState: 'exited', newState: 'absent', imageStaged: true, init: null, initBy: null, hostStatus: 'ONLINE', heartbeatAgeSec: 1, reachable: true, oldBinds: [], newBinds: null});
	const steps = upgradeSteps.map(step => view(step)).map(step => (step.id === 'backup' ? {...step, status: 'running', startedAt: new Date().toISOString()} : step));
	const store = createPanelStore({
		planName: 'bench', from: '4.2.8-CE', to: '4.2.9-CE', metadb: 'u@127.0.0.1:3306', haState: 'on', openedAt: Date.now(), t1: null, t2: null,
		steps, rollback: rollbackSteps.map(step => view(step)), nodes: ['127.0.0.2', '127.0.0.3', '127.0.0.4'].map(node), ...viewDefaults,
		selected: steps.findIndex(step => step.id === 'backup'), running: 'backup',
	});
	const controller = {busy: true, runStep() {}, runFrom() {}, rollback() {}, answer() {}, interrupt: async () => {}};
	const instance = render(React.createElement(App, {store, controller, size: {columns, rows}}), {...panelRenderOptions, stdout, stdin});
	const at = new Date().toISOString();
	const log = text => store.getState().applyEvent({type: 'log', at, step: 'backup', node: null, level: 'info', text});
	return {store, instance, log};
}

/** A log line as mysqldump progress reads, different for every index. */
export const logLine = index => `mysqldump oms_cm_hb_1: ${index} rows written, ${(index * 137) % 99_991} bytes, table heatbeat_sequence`;

import {describe, expect, it} from 'vitest';
import {quitQuestionClosed} from '../../source/store/panel-store.js';
import {dispatch} from '../../source/ui/dispatch.js';
import {panelStore, recordingController} from '../helpers/panel.js';

describe('quitting while a step runs', () => {
	it('exits even when the interrupt rejects, leaving no rejection unhandled', async () => {
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			const store = panelStore();
			store.getState().ask('A step is running. Quit?');
			store.setState({overlay: 'quit'});
			const controller = {
				...recordingController(true),
				interrupt: async () => {
					throw new Error('the journal cannot be written');
				},
			};
			let exited = 0;
			dispatch({type: 'answer', yes: true}, store, controller, () => (exited += 1));
			await new Promise(resolve => setTimeout(resolve, 20));
			expect(exited).toBe(1);
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});

	it('the run is held exactly while the quit question is open: whatever closes it lets the run go on', async () => {
		for (const yes of [false, true]) {
			const store = panelStore();
			const controller = recordingController(true);
			let exited = 0;
			dispatch({type: 'quit'}, store, controller, () => (exited += 1));
			expect(store.getState().overlay).toBe('quit');
			expect(store.getState().confirmation?.question).toMatch(/no other step begins while this question is open/);
			let released = false;
			void quitQuestionClosed(store).then(() => (released = true));
			await new Promise(resolve => setTimeout(resolve, 5));
			expect(released).toBe(false);
			dispatch({type: 'answer', yes}, store, controller, () => (exited += 1));
			await new Promise(resolve => setTimeout(resolve, 5));
			expect(released).toBe(true);
			expect(controller.calls).toEqual(yes ? ['interrupt'] : []);
			expect(exited).toBe(yes ? 1 : 0);
		}
		// With no quit question open, nothing holds the run.
		await expect(quitQuestionClosed(panelStore())).resolves.toBeUndefined();
	});
});

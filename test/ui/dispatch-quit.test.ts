import {describe, expect, it} from 'vitest';
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
});

import {EventEmitter} from 'node:events';
import {Writable} from 'node:stream';
import {render} from 'ink';
import {afterEach, describe, expect, it, vi} from 'vitest';

// Ink writes no frame but the last when it believes it runs in CI (is-in-ci reads CI when Ink loads), as CI
// machines set it: this test is about the frames a terminal gets, so it runs as on an operator's terminal.
vi.hoisted(() => {
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
});
import {App} from '../../source/ui/app.js';
import {panelRenderOptions} from '../../source/ui/render-options.js';
import {panelStore, recordingController, stripAnsi} from '../helpers/panel.js';

/** A 120×40 terminal that keeps each frame Ink writes with the (fake) time it was written. */
class Terminal extends Writable {
	readonly frames: Array<{at: number; text: string}> = [];
	readonly columns = 120;
	readonly rows = 40;
	readonly isTTY = true;
	override _write(chunk: Buffer, _encoding: string, done: () => void) {
		this.frames.push({at: Date.now(), text: stripAnsi(chunk.toString())});
		done();
	}
}

/** A keyboard nobody types on (the panel reads keys in raw mode). */
class Keyboard extends EventEmitter {
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

afterEach(() => {
	vi.useRealTimers();
});

describe('the panel as the console renders it', () => {
	it("draws a key's frame at once, even 5 ms after a frame of log lines", async () => {
		vi.useFakeTimers();
		const store = panelStore();
		const stdout = new Terminal();
		const instance = render(<App store={store} controller={recordingController()} size={{columns: 120, rows: 40}} />, {
			...panelRenderOptions,
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: new Keyboard() as unknown as NodeJS.ReadStream,
		});
		await vi.advanceTimersByTimeAsync(100);
		// The log's publish timer fires: a frame with the new line.
		store.getState().note('mysqldump oms_cm_hb_1: 1000 rows written');
		await vi.advanceTimersByTimeAsync(100);
		const logFrame = stdout.frames.findLast(frame => frame.text.includes('1000 rows written'));
		expect(logFrame).toBeDefined();
		// 5 ms later the operator presses f (follow off): its frame is written in the same instant.
		await vi.advanceTimersByTimeAsync(5);
		const pressedAt = Date.now();
		store.getState().toggleFollow();
		await vi.advanceTimersByTimeAsync(0);
		const keyFrame = stdout.frames.find(frame => frame.at >= pressedAt && frame.text.includes('· paused'));
		expect(keyFrame?.at).toBe(pressedAt);
		instance.unmount();
	});
});

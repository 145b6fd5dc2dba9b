import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';

const run = promisify(execFile);
const terminal = new URL('../../dist/commands/terminal.js', import.meta.url).href;
const ending = `import(${JSON.stringify(terminal)}).then(module => module.endAfterHangup())`;

/** How a run ends after SIGHUP, once it has recorded `interrupted` (npm test builds dist first). */
describe('the end after a hangup', () => {
	it('exits 130 when no terminal is attached (a run in the background, its output in a file)', async () => {
		const ended = await run(process.execPath, ['-e', ending], {encoding: 'utf8'}).then(
			() => ({code: 0, signal: null}),
			(error: {code: number; signal: string | null}) => ({code: error.code, signal: error.signal}),
		);
		expect(ended).toEqual({code: 130, signal: null});
	});

	it('ends by SIGKILL with a terminal attached, whose settings Node.js could not restore once it is gone', async () => {
		// script(1) gives the process a terminal; its own exit status reports the child's signal as 128 + 9.
		const ended = await run(
			'script',
			['-qfec', `'${process.execPath}' -e '${ending.replaceAll("'", "'\\''")}'`, '/dev/null'],
			{
				encoding: 'utf8',
			},
		).then(
			() => 0,
			(error: {code: number}) => error.code,
		);
		expect(ended).toBe(137);
	});
});

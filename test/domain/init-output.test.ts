import {describe, expect, it} from 'vitest';
import {initCompleted, judgeInit} from '../../source/domain/init-output.js';

describe("docker_init.sh's verdict", () => {
	it('is success only with exit 0, the completion line and no error line', () => {
		expect(judgeInit(0, ['[1/4] checking', initCompleted])).toEqual({ok: true});
	});

	it('is a failure when the script printed an error and exited 0, in its own words', () => {
		const lock = 'ERROR 1205 (HY000) at line 1: Lock wait timeout exceeded; try restarting transaction';
		expect(judgeInit(0, ['[2/4] applying schema changes', lock])).toEqual({
			ok: false,
			words: `exited 0 after printing "${lock}"`,
		});
		expect(judgeInit(0, ['[12:00:01] [ERROR] cannot register 10.0.0.2', initCompleted])).toEqual({
			ok: false,
			words: 'exited 0 after printing "[12:00:01] [ERROR] cannot register 10.0.0.2"',
		});
	});

	it('is a failure when the completion line is missing, whatever the exit status', () => {
		expect(judgeInit(0, ['[3/4] registering'])).toEqual({
			ok: false,
			words: `exited 0 without its completion line ("${initCompleted}"); its last line was "[3/4] registering"`,
		});
		expect(judgeInit(2, [])).toEqual({ok: false, words: 'exited 2: "no output"'});
	});

	it('does not take a word that only contains "error" for an error line', () => {
		expect(judgeInit(0, ['cleaning error_log of region hz', initCompleted])).toEqual({ok: true});
	});
});

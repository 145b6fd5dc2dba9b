import {PassThrough} from 'node:stream';
import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, it} from 'vitest';
import {Answers} from '../../source/commands/answers.js';

function stdin(isTTY = false) {
	return Object.assign(new PassThrough(), {isTTY});
}

const never = new AbortController().signal;

describe('the answers read from stdin', () => {
	it('from a pipe: every line answers the next question, in order, though they arrive in one read', async () => {
		const input = stdin();
		const prompts: string[] = [];
		const answers = new Answers(input, text => prompts.push(text));
		input.write('y\nn\nrollback\n');
		expect(await answers.next('first? ', never)).toBe('y');
		expect(await answers.next('second? ', never)).toBe('n');
		expect(await answers.next('third? ', never)).toBe('rollback');
		expect(prompts).toEqual(['first? ', 'second? ', 'third? ']);
		answers.close();
	});

	it('end of input answers every question after it with nothing', async () => {
		const input = stdin();
		const answers = new Answers(input, () => undefined);
		input.end('y\n');
		expect(await answers.next('first? ', never)).toBe('y');
		expect(await answers.next('second? ', never)).toBeUndefined();
		expect(await answers.next('third? ', never)).toBeUndefined();
	});

	it('from a terminal: a line typed before the question was shown does not answer it', async () => {
		const input = stdin(true);
		const answers = new Answers(input, () => undefined);
		await sleep(200); // the operator reads the question before answering
		const first = answers.next('first? ', never);
		input.write('y\n');
		expect(await first).toBe('y');
		input.write('y\n'); // typed while the next step runs
		await sleep(10);
		const second = answers.next('second? ', never);
		input.write('n\n');
		expect(await second).toBe('n');
		answers.close();
	});

	it('from a terminal: a line typed before the command began reading answers nothing', async () => {
		for (const askAt of [0, 200]) {
			const input = stdin(true);
			// Typed as the command started: the terminal holds it until the command reads.
			input.write('y\n');
			const answers = new Answers(input, () => undefined);
			await sleep(askAt);
			let answer: string | undefined = 'none yet';
			void answers.next('stop the old containers? ', never).then(line => (answer = line));
			await sleep(250 - askAt);
			expect(answer, `asked after ${askAt} ms`).toBe('none yet');
			input.write('n\n');
			await sleep(10);
			expect(answer).toBe('n');
			answers.close();
		}
	});

	it('an interruption answers the waiting question with nothing', async () => {
		const input = stdin();
		const answers = new Answers(input, () => undefined);
		const abort = new AbortController();
		const waiting = answers.next('first? ', abort.signal);
		abort.abort();
		expect(await waiting).toBeUndefined();
		answers.close();
	});

	it('stops reading stdin when closed', async () => {
		const input = stdin();
		const answers = new Answers(input, () => undefined);
		input.write('y\n');
		await answers.next('first? ', never);
		expect(input.listenerCount('data')).toBeGreaterThan(0);
		answers.close();
		expect(input.listenerCount('data')).toBe(0);
	});
});

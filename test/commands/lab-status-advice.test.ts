import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseCli} from '../../source/cli-args.js';
import {labCommand} from '../../source/commands/lab-command.js';

async function statusOf(argv: string[]): Promise<string[]> {
	const lines: string[] = [];
	const code = await labCommand(parseCli(['lab', 'status', ...argv]), {
		line: (text = '') => lines.push(text),
		error: text => lines.push(text),
		color: false,
	});
	expect(code).toBe(0);
	return lines;
}

describe('lab status with no lab', () => {
	it('advises the lab up that starts one where it looked: with its --dir', async () => {
		const parent = await mkdtemp(join(tmpdir(), 'omsu-labstatus-'));
		try {
			const dir = join(parent, 'rehearsal');
			expect(await statusOf(['--dir', dir])).toEqual([
				`no lab in ${dir}; start one with \`oms-upgrade lab up --dir ${dir}\``,
			]);
		} finally {
			await rm(parent, {recursive: true, force: true});
		}
	});
});

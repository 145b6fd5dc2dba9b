import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {readStepLines} from '../../source/adapters/run-log-reader.js';

let directory: string | undefined;
afterEach(async () => {
	if (directory) await rm(directory, {recursive: true, force: true});
});

describe('readStepLines', () => {
	it("reads one step's lines for one node from the newest attempt's run logs, across its runs, oldest first", async () => {
		directory = await mkdtemp(join(tmpdir(), 'omsu-runlog-'));
		await mkdir(join(directory, 'logs', '20261124T150000'), {recursive: true});
		await mkdir(join(directory, 'logs', '20261124T160000'), {recursive: true});
		await writeFile(
			join(directory, 'logs', '20261124T150000', 'a-run.log'),
			'2026-11-24T15:00:01.000Z init            10.0.0.2   old attempt\n',
		);
		await writeFile(
			join(directory, 'logs', '20261124T160000', '20261124T160000-run.log'),
			[
				'2026-11-24T16:00:01.000Z init            -          started',
				'2026-11-24T16:00:02.000Z init            10.0.0.2   docker exec oms_428_429 bash /root/docker_init.sh',
				'2026-11-24T16:00:03.000Z init            10.0.0.3   other node',
				'2026-11-24T16:00:04.000Z verify          10.0.0.2   other step',
				'',
			].join('\n'),
		);
		await writeFile(
			join(directory, 'logs', '20261124T160000', '20261124T161000-run.log'),
			'2026-11-24T16:10:00.000Z init            10.0.0.2   ERROR node 10.0.0.2: docker_init.sh exited 1\n',
		);
		expect(await readStepLines(directory, 'init', '10.0.0.2')).toEqual([
			{at: '2026-11-24T16:00:02.000Z', text: 'docker exec oms_428_429 bash /root/docker_init.sh'},
			{at: '2026-11-24T16:10:00.000Z', text: 'ERROR node 10.0.0.2: docker_init.sh exited 1'},
		]);
		expect(await readStepLines(join(directory, 'nothing'), 'init', '10.0.0.2')).toEqual([]);
	});
});

import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';

import type {RunLogLine} from '../ports/run-ports.js';

/** `ISO-time step node text`, as the run log writes every event (step and node padded, `-` for none). */
const linePattern = /^(\S+) (\S+) +(\S+) +(.*)$/;

/**
 * A step's lines for one node from an attempt's run logs (the newest attempt's by default), oldest first:
 * what an earlier run (or console) saw of it, e.g. docker_init.sh's output. Empty when there are no logs yet.
 */
export async function readStepLines(
	workdir: string,
	step: string,
	node: string,
	limit = 400,
	attempt?: string,
): Promise<RunLogLine[]> {
	const logs = join(workdir, 'logs');
	const attempts = (await readdir(logs).catch(() => [] as string[])).sort();
	const newest = attempt ?? attempts.at(-1);
	if (newest === undefined) return [];
	const files = (await readdir(join(logs, newest)).catch(() => [] as string[]))
		.filter(name => name.endsWith('.log'))
		.sort();
	const lines: RunLogLine[] = [];
	for (const file of files) {
		const text = await readFile(join(logs, newest, file), 'utf8').catch(() => '');
		for (const line of text.split('\n')) {
			const match = linePattern.exec(line);
			const [, at, lineStep, lineNode, said] = match ?? [];
			if (at !== undefined && said !== undefined && lineStep === step && lineNode === node)
				lines.push({at, text: said});
		}
	}
	return lines.slice(-limit);
}

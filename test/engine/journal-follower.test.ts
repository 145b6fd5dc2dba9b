import {spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {saveJournal} from '../../source/adapters/journal-file.js';
import {followJournal, type Followed} from '../../source/app/journal-follower.js';
import {parsePlan} from '../../source/config/load-plan.js';
import {newJournal} from '../../source/domain/journal.js';

const planText = `target:\n  version: 4.2.9-CE\nnodes:\n  - host: 10.0.0.2\n    docker: unix:///var/run/docker.sock\n    container: oms_428\n`;
const until = async (check: () => boolean) => {
	for (let waited = 0; waited < 3000 && !check(); waited += 20) await new Promise(resolve => setTimeout(resolve, 20));
};

describe('the console follows the journal and the lock of a run made elsewhere', () => {
	it('sees a run start, progress and end in another process, and says who holds the lock; not while it runs itself', async () => {
		const workdir = await mkdtemp(join(tmpdir(), 'omsu-follow-'));
		const plan = await parsePlan(planText, join(workdir, 'prod.yaml'));
		const other = spawn('sleep', ['30']);
		let busy = false;
		const seen: Followed[] = [];
		const stop = followJournal(
			workdir,
			() => !busy,
			found => seen.push(found),
			20,
		);
		try {
			await until(() => seen.length === 1);
			expect(seen[0]).toEqual({journal: undefined, heldBy: undefined});
			// Another process takes the lock and opens an attempt, as `oms-upgrade run` does.
			await writeFile(
				join(workdir, 'lock'),
				JSON.stringify({
					pid: other.pid,
					host: hostname(),
					user: 'admin',
					command: 'run',
					since: '2026-11-24T16:00:00Z',
				}),
			);
			const journal = newJournal(plan);
			await saveJournal(workdir, {...journal, t1: '2026-11-24T16:01:00Z'});
			await until(() => seen.at(-1)?.journal?.t1 === '2026-11-24T16:01:00Z');
			expect(seen.at(-1)?.heldBy).toBe(`admin@${hostname()} pid ${other.pid} \`run\` since 2026-11-24T16:00:00Z`);
			// While this console runs something itself, its own events are the truth: nothing is read.
			busy = true;
			const count = seen.length;
			await saveJournal(workdir, {...journal, t1: '2026-11-24T16:02:00Z'});
			await new Promise(resolve => setTimeout(resolve, 120));
			expect(seen.length).toBe(count);
			busy = false;
			// The run ends: the lock goes, the journal is archived.
			await rm(join(workdir, 'lock'));
			await rm(join(workdir, 'journal.json'));
			await until(() => seen.at(-1)?.journal === undefined && seen.at(-1)?.heldBy === undefined);
			expect(seen.at(-1)).toEqual({journal: undefined, heldBy: undefined});
		} finally {
			stop();
			other.kill();
		}
	});

	it('a lock left by a dead process on this host holds nothing', async () => {
		const workdir = await mkdtemp(join(tmpdir(), 'omsu-follow-'));
		const dead = spawn('true');
		await new Promise(resolve => dead.on('exit', resolve));
		await writeFile(
			join(workdir, 'lock'),
			JSON.stringify({pid: dead.pid, host: hostname(), user: 'admin', command: 'run', since: '2026-11-24T16:00:00Z'}),
		);
		const seen: Followed[] = [];
		const stop = followJournal(
			workdir,
			() => true,
			found => seen.push(found),
			20,
		);
		await until(() => seen.length > 0);
		stop();
		expect(seen[0]?.heldBy).toBeUndefined();
	});
});

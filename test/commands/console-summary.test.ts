import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {saveJournal} from '../../source/adapters/journal-file.js';
import {showSummary} from '../../source/commands/console-summary.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';
import {panelStore} from '../helpers/panel.js';

describe('the end-of-run view read from the workdir', () => {
	it("says what stays changed in the console's words: its keys, not the commands", async () => {
		const cluster = new FakeCluster();
		const {journal} = await fakeRun(cluster, 'run', {answers: [true, false]});
		const workdir = await mkdtemp(join(tmpdir(), 'omsu-summary-'));
		try {
			await saveJournal(workdir, journal);
			await writeFile(join(workdir, 'report.json'), cluster.files.get(`${cluster.model.plan.workdir}/report.json`)!);
			const store = panelStore();
			await showSummary(store, workdir, 'run', true);
			const left = store.getState().summary?.left;
			expect(left).toMatch(/^OMS is DOWN: .*; a continues the upgrade, X undoes it\.$/);
		} finally {
			await rm(workdir, {recursive: true, force: true});
		}
	});

	it("sets the header's HA to what the run left in ha.config", async () => {
		const workdir = await mkdtemp(join(tmpdir(), 'omsu-summary-'));
		try {
			for (const enable of [true, false]) {
				const report = {outcome: 'rolled-back', detail: '', attempt: 'a', t1: null, t2: null, t4: null, downtimeSec: 0};
				await writeFile(
					join(workdir, 'report.json'),
					JSON.stringify({...report, rollbackDowntimeSec: null, steps: [], ha: {before: null, after: {enable}}}),
				);
				const store = panelStore({haState: enable ? 'off' : 'on'});
				await showSummary(store, workdir, 'rollback', true);
				expect(store.getState().haState).toBe(enable ? 'on' : 'off');
			}
		} finally {
			await rm(workdir, {recursive: true, force: true});
		}
	});
});

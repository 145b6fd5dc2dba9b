import {describe, expect, it, vi} from 'vitest';
import {eventLine} from '../../source/domain/event-text.js';
import {operatorFrom} from '../../source/domain/operator.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';

const operator = operatorFrom('dba', 'jump1', {
	SSH_CONNECTION: '10.9.8.7 51022 10.0.0.1 22',
	SSH_CLIENT: '10.9.8.7 51022 22',
});

type Report = {
	steps: Array<{id: string; node: string | null; status: string}>;
	stepRuns: Array<{step: string; node: string | null; status: string; run: string; reason: string | null}>;
	answers: Array<{step: string; question: string; answer: string; by: string; operator: unknown; run: string}>;
	runs: Array<{id: string; by: unknown; outcome: string}>;
};

describe('the audit trail', () => {
	it('keeps every question with its answer, who gave it and from where, in the journal, the report and the run log line', async () => {
		const cluster = new FakeCluster();
		const {journal, events} = await fakeRun(cluster, 'run', {operator, answers: [true, false]});
		expect(journal.answers?.map(({step, answer, by}) => `${step} ${answer} ${by}`)).toEqual([
			'disable-ha yes operator',
			'start-new no operator',
		]);
		expect(journal.answers?.[0]).toMatchObject({
			kind: 'step',
			question: expect.stringMatching(/^stop-old: /),
			operator,
			run: journal.runs[0]?.id,
		});
		expect(journal.runs[0]?.by).toEqual(operator);
		const answer = events.find(event => event.type === 'answer');
		expect(answer && eventLine(answer)?.slice(9)).toBe(
			'disable-ha      -          ANSWER yes by dba@jump1, SSH_CONNECTION=10.9.8.7 51022 10.0.0.1 22, SSH_CLIENT=10.9.8.7 51022 22',
		);
		const report = JSON.parse(cluster.files.get('/fake/workdir/report.json')!) as Report;
		expect(report.answers.map(entry => entry.answer)).toEqual(['yes', 'no']);
		expect(report.answers[1]).toMatchObject({step: 'start-new', by: 'operator', operator});
	});

	it('--yes is recorded as the answer, with who ran the tool', async () => {
		const cluster = new FakeCluster();
		const {journal} = await fakeRun(cluster, 'run', {operator, yes: true});
		expect(journal.answers?.map(({step, answer, by}) => `${step} ${answer} ${by}`)).toEqual([
			'disable-ha yes --yes',
			'start-new yes --yes',
			'init yes --yes',
		]);
		expect(journal.answers?.every(entry => entry.operator?.user === 'dba')).toBe(true);
	});

	it('keeps a failure and its retry: both runs of the step, in the journal and report.json, the per-attempt copy too', async () => {
		const cluster = new FakeCluster();
		let failures = 1;
		cluster.log.failAt = call =>
			call.port === 'docker' && call.what.includes('createContainer') && failures-- > 0
				? new Error('no space left on device')
				: undefined;
		const first = await fakeRun(cluster, 'run', {operator, yes: true});
		expect(first.result.outcome).toBe('failed');
		const second = await fakeRun(cluster, 'run', {operator, yes: true, journal: first.journal});
		expect(second.result.outcome).toBe('succeeded');
		const report = JSON.parse(cluster.files.get('/fake/workdir/report.json')!) as Report;
		const startNew = report.stepRuns.filter(entry => entry.step === 'start-new' && entry.node === null);
		expect(startNew.map(entry => entry.status)).toEqual(['failed', 'succeeded']);
		expect(startNew[0]?.reason).toContain('no space left on device');
		expect(startNew.map(entry => entry.run)).toEqual(report.runs.map(run => run.id));
		// The step's own record keeps only the latest, as before.
		expect(report.steps.filter(step => step.id === 'start-new' && step.node === null).map(step => step.status)).toEqual(
			['succeeded'],
		);
		expect(report.runs.map(run => run.outcome)).toEqual(['failed', 'succeeded']);
		expect(cluster.files.get(`/fake/workdir/reports/${second.journal.attempt}.json`)).toBe(
			cluster.files.get('/fake/workdir/report.json'),
		);
	});

	it("a rollback's report keeps the upgrade's steps beside its own: every step of the attempt", async () => {
		const cluster = new FakeCluster();
		const upgrade = await fakeRun(cluster, 'run', {operator, yes: true});
		const rollback = await fakeRun(cluster, 'rollback', {operator, yes: true, journal: upgrade.journal});
		expect(rollback.result.outcome).toBe('rolled-back');
		const report = JSON.parse(cluster.files.get('/fake/workdir/report.json')!) as Report;
		const clusterSteps = report.steps.filter(step => step.node === null).map(step => `${step.id} ${step.status}`);
		expect(clusterSteps).toContain('stop-old succeeded');
		expect(clusterSteps).toContain('enable-ha succeeded');
		expect(clusterSteps).toContain('rb-restore succeeded');
		expect(clusterSteps.indexOf('enable-ha succeeded')).toBeLessThan(clusterSteps.indexOf('rb-disable-ha succeeded'));
	});

	it('gives two runs within the same second their own id (and so their own log file)', async () => {
		vi.useFakeTimers({toFake: ['Date']});
		vi.setSystemTime(new Date('2026-12-06T10:00:00.100Z'));
		try {
			const cluster = new FakeCluster();
			const first = await fakeRun(cluster, 'run', {operator, yes: true, only: 'preflight'});
			const second = await fakeRun(cluster, 'run', {operator, yes: true, only: 'preflight', journal: first.journal});
			const third = await fakeRun(cluster, 'run', {operator, yes: true, only: 'preflight', journal: second.journal});
			const [stamp] = third.journal.runs.map(run => run.id);
			expect(stamp).toMatch(/^20261206T\d{6}-run$/);
			expect(third.journal.runs.map(run => run.id)).toEqual([stamp, `${stamp}-2`, `${stamp}-3`]);
		} finally {
			vi.useRealTimers();
		}
	});
});

import {describe, expect, it} from 'vitest';
import {adviceWords, doesItFirst, runRest} from '../../source/domain/advice-words.js';
import {consoleAdvice} from '../../source/store/console-advice.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeRun} from '../helpers/fakes/fake-run.js';
import {panelStore} from '../helpers/panel.js';

describe("the engine's advice in the console's words", () => {
	it('a step run alone: the rest is a, the next step alone is enter; no command-line option is named', async () => {
		const cluster = new FakeCluster();
		const {result} = await fakeRun(cluster, 'run', {only: 'stage-image', yes: true});
		expect(result.message).toContain('--from disable-ha');
		const said = consoleAdvice(result.message);
		expect(said).not.toMatch(/--from|--only/);
		expect(said).toContain('(a runs the rest; enter runs disable-ha alone)');
	});

	it('a rollback step refused for what it needs: X runs the rollback', async () => {
		const cluster = new FakeCluster();
		const {journal} = await fakeRun(cluster, 'run', {yes: true});
		const {result} = await fakeRun(cluster, 'rollback', {journal, only: 'rb-start-old', yes: true});
		expect(result.message).toMatch(/run `oms-upgrade rollback` \(or `--from rb-[\w-]+`\)/);
		const said = consoleAdvice(result.message);
		expect(said).not.toMatch(/--from|--only/);
		expect(said).toContain('X runs the rollback');
	});

	it('an upgrade step refused for what it needs: a runs the upgrade', async () => {
		const {result} = await fakeRun(new FakeCluster(), 'run', {only: 'start-new', yes: true});
		expect(result.message).toMatch(/run `oms-upgrade run` \(or `--from stage-image`\), which does it first/);
		const said = consoleAdvice(result.message);
		expect(said).not.toMatch(/--from|--only/);
		expect(said).toContain('backup has not been done in this attempt (20261125T030000): a runs the upgrade, which');
	});

	it('what stays changed names the keys that continue or undo the attempt, not the commands', async () => {
		const cluster = new FakeCluster();
		const {result, journal} = await fakeRun(cluster, 'run', {answers: [true, false]});
		expect(result.message).toMatch(/OMS is DOWN: .*`oms-upgrade run` \(or the console\) continues the upgrade/);
		const said = consoleAdvice(result.message);
		expect(said).not.toContain('oms-upgrade');
		expect(said).toMatch(/OMS is DOWN: .*; a continues the upgrade, X undoes it\.$/);
		const rollback = await fakeRun(cluster, 'rollback', {journal, only: 'rb-disable-ha', yes: true});
		expect(rollback.result.message).toContain('`oms-upgrade rollback` finishes the rollback');
		expect(consoleAdvice(rollback.result.message)).toMatch(/X finishes the rollback\.$/);
		expect(rollback.result.message).toContain('run `oms-upgrade rollback` again to finish it');
		expect(consoleAdvice(rollback.result.message)).not.toContain('oms-upgrade');
		const restartRefused = await fakeRun(cluster, 'rollback', {journal, only: 'rb-start-old', yes: true});
		expect(consoleAdvice(restartRefused.result.message)).not.toContain('oms-upgrade');
	});

	it("keeps the engine's own words beside, for the line said once the console has closed", () => {
		const store = panelStore();
		const ended =
			'paused at init: the selected steps are done; the upgrade is not finished (run again, or --from init).';
		store
			.getState()
			.applyEvent({type: 'run-finished', at: new Date().toISOString(), outcome: 'paused', exitCode: 0, message: ended});
		expect(store.getState().message).toContain('(a runs the rest; enter runs init alone)');
		expect(store.getState().commandLineMessage).toBe(ended);
		const refused =
			'refused at rb-start-old: rb-restore has not been done: run `oms-upgrade rollback` (or `--from rb-restore`), which does it first.';
		store.getState().say(refused);
		expect(store.getState().message).toContain('X runs the rollback');
		expect(store.getState().commandLineMessage).toBe(refused);
		store.getState().say(null);
		expect(store.getState().commandLineMessage).toBeNull();
	});

	it('the footer says it so, from the run-finished event and from say', () => {
		const ended = panelStore();
		ended.getState().applyEvent({
			type: 'run-finished',
			at: new Date().toISOString(),
			outcome: 'paused',
			exitCode: 0,
			message: 'paused at init: the selected steps are done; the upgrade is not finished (run again, or --from init).',
		});
		expect(ended.getState().lastMessage).toContain('(a runs the rest; enter runs init alone)');
		const store = panelStore();
		store
			.getState()
			.say('paused at init: the selected steps are done; the upgrade is not finished (run again, or --from init).');
		expect(store.getState().message).toBe(
			'paused at init: the selected steps are done; the upgrade is not finished (a runs the rest; enter runs init alone).',
		);
	});
});

describe('the advice table (domain/advice-words.ts)', () => {
	it('says every piece of advice with a key, whatever the step, and leaves no option or command behind', () => {
		const lines = [
			...Object.values(adviceWords).map(words => words.line),
			runRest.line('start-new'),
			doesItFirst.line('run', 'backup'),
			doesItFirst.line('rollback', 'rb-restore'),
		];
		for (const line of lines) {
			const said = consoleAdvice(`before ${line} after`);
			expect(said).toMatch(/^before .+ after$/);
			expect(said).not.toMatch(/--from|--only|`oms-upgrade (run|rollback)/);
		}
		expect(consoleAdvice(runRest.line('start-new'))).toBe(runRest.console('start-new'));
		expect(consoleAdvice(doesItFirst.line('rollback', 'rb-restore'))).toBe('X runs the rollback');
	});
});

import {describe, expect, it} from 'vitest';
import {executeWith} from '../../source/app/run.js';
import {parseCli} from '../../source/cli-args.js';
import {historyCommand} from '../../source/commands/history-command.js';
import type {Output} from '../../source/commands/output.js';
import {EventBus} from '../../source/domain/events.js';
import {operatorFrom} from '../../source/domain/operator.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeWiring} from '../helpers/fakes/fake-wiring.js';

function capture(): Output & {lines: string[]} {
	const lines: string[] = [];
	return {lines, line: (text = '') => lines.push(text), error: text => lines.push(text), color: false};
}

const args = (...argv: string[]) => parseCli([...argv, '-c', '/fake/oms-upgrade.yaml']);
const dba = operatorFrom('dba', 'jump1', {SSH_CONNECTION: '10.9.8.7 51022 10.0.0.1 22'});
const ops = operatorFrom('ops', 'jump2', {});

/** Attempt 1 upgraded then rolled back (by dba, a failed start-new retried), attempt 2 (by ops) upgraded: open. */
async function twoAttempts() {
	const cluster = new FakeCluster({nodes: 2});
	const at = (iso: string) => ({...fakeWiring(cluster), clock: () => new Date(iso)});
	const options = (operator = dba) => ({
		plan: cluster.model.plan,
		yes: true,
		bus: new EventBus(),
		confirm: async () => true,
		signal: new AbortController().signal,
		operator,
	});
	let failures = 1;
	cluster.log.failAt = call =>
		call.port === 'docker' && call.what.includes('createContainer') && failures-- > 0
			? new Error('no space left on device')
			: undefined;
	const first = at('2026-11-25T03:00:00Z');
	expect(await executeWith({...options(), command: 'run'}, first)).toMatchObject({outcome: 'failed'});
	expect(await executeWith({...options(), command: 'run'}, first)).toMatchObject({outcome: 'succeeded'});
	expect(await executeWith({...options(), command: 'rollback'}, first)).toMatchObject({outcome: 'rolled-back'});
	expect(await executeWith({...options(ops), command: 'run'}, at('2026-11-26T04:00:00Z'))).toMatchObject({
		outcome: 'succeeded',
	});
	return {cluster, wiring: fakeWiring(cluster)};
}

describe('history over the fake cluster', () => {
	it('lists the attempts newest first: id, when, who, from → to, outcome, downtime, dumps kept', async () => {
		const {wiring} = await twoAttempts();
		const out = capture();
		expect(await historyCommand(args('history'), out, wiring)).toBe(0);
		expect(out.lines[0]).toBe('Attempts in /fake/workdir, newest first:');
		expect(out.lines[1]).toBe('20261126T040000 (open)  2026-11-26 04:00:00Z  ops@jump2 (local)');
		expect(out.lines[2]).toMatch(
			/^ {2}4\.2\.8-CE → 4\.2\.9-CE · succeeded · downtime \d+s \(forecast [\d.hms]+–[\d.hms]+\) · 3 dump\(s\), \d+(\.\d)? (B|KiB)$/,
		);
		expect(out.lines[3]).toBe('20261125T030000  2026-11-25 03:00:00Z  dba@jump1 (ssh from 10.9.8.7:51022)');
		expect(out.lines[4]).toMatch(
			/^ {2}4\.2\.8-CE → 4\.2\.9-CE · rolled-back · downtime \d+s \(forecast [\d.hms]+–[\d.hms]+\) · 3 dump\(s\)/,
		);
		const json = capture();
		expect(await historyCommand(args('history', '--json'), json, wiring)).toBe(0);
		const parsed = JSON.parse(json.lines.join('\n')) as {
			attempts: Array<{attempt: string; open: boolean; who: {user: string}; outcome: string}>;
		};
		expect(parsed.attempts.map(({attempt, open, who, outcome}) => `${attempt} ${open} ${who.user} ${outcome}`)).toEqual(
			['20261126T040000 true ops succeeded', '20261125T030000 false dba rolled-back'],
		);
	});

	it('shows one attempt: its runs, steps with times, the failure and its retry, the answers with who and from where, its logs and report', async () => {
		const {wiring} = await twoAttempts();
		const out = capture();
		expect(await historyCommand(args('history', '20261125'), out, wiring)).toBe(0);
		const text = out.lines.join('\n');
		expect(out.lines[0]).toBe('Attempt 20261125T030000: 4.2.8-CE → 4.2.9-CE, rolled-back');
		expect(
			out.lines
				.filter(line => /^ {2}\d{8}T\d{6}-(run|rollback)(-\d+)? (run|rollback) /.test(line))
				.map(line => line.split(' ').slice(3, 4)[0]),
		).toEqual(['run', 'run', 'rollback']);
		expect(text).toMatch(
			/Failures and retries \(every run of those steps\):\n {2}start-new +\S+-run \d\d:\d\d:\d\d → \d\d:\d\d:\d\d failed: .*no space left on device\n {2}start-new +\S+-run(-\d+)? .* succeeded/,
		);
		expect(text).toMatch(
			/Z disable-ha: yes \(--yes\) by dba@jump1 \(ssh from 10\.9\.8\.7:51022\); asked: stop-old: docker stop /,
		);
		expect(text).toMatch(
			/Z rollback: yes \(--yes\) by dba@jump1 \(ssh from 10\.9\.8\.7:51022\); asked: Roll back attempt 20261125T030000: /,
		);
		expect(text).toContain('Report: /fake/workdir/reports/20261125T030000.json');
		// Each run has its own log file: a run id is the second it began and the command, with -2, -3 for a second
		// and third run of that command within the same second.
		const runIds = new Set(
			out.lines.flatMap(line => /^ {2}(\d{8}T\d{6}-(?:run|rollback)(?:-\d+)?) /.exec(line)?.[1] ?? []),
		);
		expect(out.lines.filter(line => line.startsWith('  /fake/workdir/logs/20261125T030000/')).sort()).toEqual(
			[...runIds].map(id => `  /fake/workdir/logs/20261125T030000/${id}.log`).sort(),
		);
		await expect(historyCommand(args('history', '2026'), capture(), wiring)).rejects.toMatchObject({
			exitCode: 2,
			message: '"2026" matches 2 attempts (20261126T040000, 20261125T030000); give more of the id.',
		});
		await expect(historyCommand(args('history', 'nope'), capture(), wiring)).rejects.toMatchObject({
			exitCode: 2,
			message: expect.stringMatching(/^no attempt "nope"/),
		});
	});

	it('--markdown writes one document to hand over: outcome, who, downtime per step, failures and retries, answers, dumps with sha256, HA', async () => {
		const {cluster, wiring} = await twoAttempts();
		const out = capture();
		expect(await historyCommand(args('history', '20261125T030000', '--markdown'), out, wiring)).toBe(0);
		const text = out.lines.join('\n');
		expect(text).toMatch(
			/^# OMS upgrade fake: attempt 20261125T030000\n\n- \*\*Upgrade:\*\* OMS 4\.2\.8-CE → 4\.2\.9-CE\n- \*\*Outcome:\*\* rolled-back /,
		);
		expect(text).toContain('- **Started:** 2026-11-25 03:00:00Z by dba@jump1 (ssh from 10.9.8.7:51022)');
		expect(text).toContain('| 10.0.0.2 | oms_428 | oms_428_429 | sha256:');
		for (const step of ['stop-old', 'clean-heartbeat', 'backup', 'start-new', 'init', 'verify', 'enable-ha'])
			expect(text).toMatch(new RegExp(`^\\| ${step} \\| \\d{4}-\\d\\d-\\d\\d `, 'm'));
		expect(text).toMatch(/^\| start-new \| \(all\) \| \S+-run \| .* \| failed \| .*no space left on device/m);
		expect(text).toMatch(/^\| start-new \| \(all\) \| \S+-run(-\d+)? \| .* \| succeeded \| /m);
		expect(text).toMatch(
			/^\| .* \| disable-ha \| stop-old: .* \| yes \(--yes\) \| dba@jump1 \| 10\.9\.8\.7 51022 10\.0\.0\.1 22 \|$/m,
		);
		const manifest = JSON.parse(cluster.files.get('/fake/workdir/backups/20261125T030000/manifest.json')!) as {
			backups: Array<{database: string; sha256: string}>;
		};
		for (const entry of manifest.backups)
			expect(text).toContain(`| ${entry.database} | backups/20261125T030000/${entry.database}.sql | `);
		for (const entry of manifest.backups) expect(text).toContain(`| ${entry.sha256} |`);
		expect(text).toMatch(/^- \*\*Forecast before the downtime:\*\* \d+s–\d+m\d\ds$/m);
		expect(text).toMatch(/^\| stop-old \| .* \| (\d+\.\d|<0\.1)s \| 1\.0s–1m00s \(assumed, the default\) \|$/m);
		expect(text).toMatch(/- Before: `\{"enable":true.*`/);
	});

	it('--prune --keep N removes the dumps of closed attempts beyond the newest N, never the open one, asks first and says what it freed', async () => {
		const {cluster, wiring} = await twoAttempts();
		const dumps = (attempt: string) =>
			[...cluster.files.keys()].filter(file => file.startsWith(`/fake/workdir/backups/${attempt}/`));
		expect(dumps('20261125T030000')).toHaveLength(4);
		const kept = capture();
		expect(await historyCommand(args('history', '--prune', '--keep', '1'), kept, wiring)).toBe(0);
		expect(kept.lines).toEqual([
			'Nothing to prune: 1 closed attempt(s), the newest 1 keep their dumps, and no older one has dumps left.',
		]);
		const questions: string[] = [];
		const no = capture();
		expect(
			await historyCommand(
				args('history', '--prune', '--keep', '0'),
				no,
				wiring,
				async question => (questions.push(question), false),
			),
		).toBe(1);
		expect(no.lines.at(-1)).toBe('Nothing was removed.');
		expect(questions).toEqual([
			expect.stringMatching(/^Remove these dumps \(\d+(\.\d)? (B|KiB)\)\? They cannot be restored afterwards\.$/),
		]);
		expect(dumps('20261125T030000')).toHaveLength(4);
		const yes = capture();
		expect(
			await historyCommand(args('history', '--prune', '--keep', '0', '--yes'), yes, wiring, async () =>
				Promise.reject(new Error('--yes asks nothing')),
			),
		).toBe(0);
		expect(yes.lines[1]).toMatch(/^ {2}20261125T030000 {2}rolled-back · 3 dump\(s\)/);
		expect(yes.lines.at(-1)).toMatch(/^Removed the dumps of 1 attempt\(s\): \d+(\.\d)? (B|KiB) freed\.$/);
		expect(dumps('20261125T030000')).toEqual([]);
		expect(dumps('20261126T040000')).toHaveLength(4);
	});

	it('refuses options that do not go together', () => {
		expect(() => args('history', '--markdown')).toThrow('history --markdown needs the attempt to write up');
		expect(() => args('history', 'A', '--prune', '--keep', '1')).toThrow('history --prune takes no attempt ("A")');
		expect(() => args('history', '--prune')).toThrow('history --prune and --keep N go together.');
		expect(() => args('history', '--keep', 'x', '--prune')).toThrow('--keep "x" is not allowed');
		expect(() => args('status', '--prune')).toThrow('--prune is for history.');
		expect(() => args('history', 'A', 'B')).toThrow('unexpected argument "B" after history.');
		expect(() => args('history', '--console')).toThrow('history --console needs the attempt to show');
		expect(() => args('history', 'A', '--console', '--json')).toThrow('history --console draws the panel');
		expect(() => args('run', '--console')).toThrow('--console is for history.');
		expect(args('history', 'A', '--markdown').history).toEqual({
			attempt: 'A',
			markdown: true,
			console: false,
			prune: undefined,
		});
		expect(args('history', 'A', '--console').history).toEqual({
			attempt: 'A',
			markdown: false,
			console: true,
			prune: undefined,
		});
		expect(args('history', '--prune', '--keep', '2').history).toEqual({
			attempt: undefined,
			markdown: false,
			console: false,
			prune: {keep: 2},
		});
	});
});

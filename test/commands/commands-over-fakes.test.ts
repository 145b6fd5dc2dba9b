import {describe, expect, it} from 'vitest';
import {executeWith} from '../../source/app/run.js';
import {parseCli} from '../../source/cli-args.js';
import {checkCommand} from '../../source/commands/check-command.js';
import type {Output} from '../../source/commands/output.js';
import {planCommand} from '../../source/commands/plan-command.js';
import {statusCommand} from '../../source/commands/status-command.js';
import {EventBus} from '../../source/domain/events.js';
import {registerSecret} from '../../source/domain/redact.js';
import {FakeCluster} from '../helpers/fakes/fake-cluster.js';
import {fakeWiring} from '../helpers/fakes/fake-wiring.js';

function capture(): Output & {lines: string[]} {
	const lines: string[] = [];
	return {lines, line: (text = '') => lines.push(text), error: text => lines.push(text), color: false};
}

const args = (...argv: string[]) => parseCli([...argv, '-c', '/fake/oms-upgrade.yaml']);

describe("check, plan, run and status over the fake cluster, through the commands' own code", () => {
	it('check passes on a healthy cluster and exits 3 naming the node whose old container is stopped', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const out = capture();
		expect(await checkCommand(args('check'), out, fakeWiring(cluster))).toBe(0);
		expect(out.lines.at(-1)).toMatch(/^\d+ results: \d+ pass, \d+ warn, 0 fail$/);
		await cluster.engine('10.0.0.4').stopContainer('oms_428', 0);
		await expect(checkCommand(args('check'), capture(), fakeWiring(cluster))).rejects.toMatchObject({
			exitCode: 3,
			message: expect.stringMatching(/^preflight failed: node 10\.0\.0\.4: /),
		});
	});

	it('plan shows every step and writes nothing', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const out = capture();
		expect(await planCommand(args('plan'), out, fakeWiring(cluster))).toBe(0);
		expect(out.lines[0]).toBe('Plan fake: OMS 4.2.8-CE → 4.2.9-CE, 3 node(s) in 2 region(s)');
		expect(out.lines.at(-1)).toBe('Nothing was changed. Next: `oms-upgrade check`, then `oms-upgrade run` or `oms-upgrade console`.');
		expect(cluster.log.writes()).toEqual([]);
	});

	it("run through the CLI's execute, then status says where it stands, then run says already upgraded", async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const wiring = fakeWiring(cluster);
		const options = {plan: cluster.model.plan, yes: true, bus: new EventBus(), confirm: async () => true, signal: new AbortController().signal};
		const refused = await executeWith({...options, command: 'run', only: 'stop-old'}, wiring);
		expect(refused).toMatchObject({
			outcome: 'refused',
			exitCode: 2,
			message: expect.stringMatching(/^refused at stop-old: stage-image, disable-ha have not been done/),
		});
		const result = await executeWith({...options, command: 'run'}, wiring);
		expect(result).toMatchObject({outcome: 'succeeded', exitCode: 0});
		const status = capture();
		expect(await statusCommand(args('status'), status, wiring)).toBe(0);
		expect(status.lines).toContain('HA: on (enabled again by this attempt)');
		expect(status.lines.some(line => line.startsWith('Now:'))).toBe(false);
		const again = await executeWith({...options, command: 'run'}, wiring);
		expect(again).toMatchObject({outcome: 'succeeded', nothingToDo: true, message: expect.stringMatching(/^already upgraded to 4\.2\.9-CE by attempt/)});
	});
});

describe('report.json', () => {
	it('redacts the MetaDB password from its detail, also where an error carried it JSON-escaped', async () => {
		const cluster = new FakeCluster({nodes: 3, regions: 2});
		const password = 'r3port"pw\\x';
		registerSecret(password);
		cluster.log.failAt = call =>
			call.port === 'docker' && call.what.includes('stop') ? new Error(`auth ${password} / ${JSON.stringify(password)} refused`) : undefined;
		const options = {plan: cluster.model.plan, yes: true, bus: new EventBus(), confirm: async () => true, signal: new AbortController().signal};
		const result = await executeWith({...options, command: 'run'}, fakeWiring(cluster));
		expect(result.outcome).toBe('failed');
		const report = cluster.files.get(`${cluster.model.plan.workdir}/report.json`);
		expect(report).toBeDefined();
		expect(report).toContain('auth *** / \\"***\\" refused');
		expect(report).not.toContain('r3port');
	});
});

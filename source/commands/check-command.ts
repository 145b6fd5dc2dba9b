import type {CliArgs} from '../cli-args.js';
import {OmsError} from '../domain/errors.js';
import {checkTitle, type CheckResult} from '../steps/checks/check-types.js';
import {resumeFacts, runPreflightChecks} from '../steps/preflight-checks.js';
import {alreadyUpgraded} from '../engine/already-upgraded.js';
import {liveWiring, type AppWiring} from '../app/wiring.js';
import type {Output} from './output.js';
import {paint} from './paint.js';

export async function checkCommand(args: CliArgs, out: Output, wiring: AppWiring = liveWiring): Promise<number> {
	const discovery = await wiring.discover(await wiring.loadPlan(args.config));
	const journal = await wiring.readJournal(discovery.plan);
	const done = alreadyUpgraded(discovery, journal);
	if (done) {
		out.line(args.json ? JSON.stringify({ok: true, alreadyUpgraded: true, message: done}, null, 2) : `oms-upgrade: ${done}`);
		return 0;
	}
	const results = await runPreflightChecks(discovery, wiring.preflight, resumeFacts(journal));
	const failed = results.filter(result => result.status === 'fail');
	if (args.json) {
		out.line(JSON.stringify({ok: failed.length === 0, checks: results.map(result => ({...result, title: checkTitle(result.id)}))}, null, 2));
		return failed.length === 0 ? 0 : 3;
	}
	const {plan} = discovery;
	out.line(`Preflight for ${plan.name}: ${plan.nodes.length} node(s), ${discovery.sourceVersion?.version ?? 'unknown version'} → ${plan.target.version}`);
	for (const result of results) out.line(formatCheck(result, out.color));
	const count = (status: CheckResult['status']) => results.filter(result => result.status === status).length;
	out.line('');
	out.line(`${results.length} results: ${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail`);
	if (failed.length > 0) {
		throw new OmsError(
			`preflight failed: ${failed.map(result => `${result.node ? `node ${result.node}` : 'cluster'}: ${checkTitle(result.id)}`).join('; ')}.`,
			{
				hint: 'Fix what each failure above says, then run `oms-upgrade check` again.',
				exitCode: 3,
			},
		);
	}
	return 0;
}

export function formatCheck(result: CheckResult, color: boolean): string {
	const label = {pass: '✓ pass', warn: '! warn', fail: '✗ FAIL'}[result.status];
	const tint = {pass: 'green', warn: 'yellow', fail: 'red'} as const;
	const where = result.node ? `[${result.node}] ` : '';
	return `${paint(label, tint[result.status], color)}  ${where}${checkTitle(result.id)}: ${result.reason}`;
}

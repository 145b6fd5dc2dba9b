import type {CliArgs} from '../cli-args.js';
import {OmsError} from '../domain/errors.js';
import {checkTitle, type CheckResult} from '../steps/checks/check-types.js';
import {resumeFacts, runPreflightChecks} from '../steps/preflight-checks.js';
import {alreadyUpgraded} from '../engine/already-upgraded.js';
import {healthVerdict, problemText, type HealthVerdict} from '../engine/health-gate.js';
import {forecastFor} from '../app/forecast.js';
import {forecastLines} from '../engine/forecast-text.js';
import {liveWiring, type AppWiring} from '../app/wiring.js';
import type {Output} from './output.js';
import {paint} from './paint.js';

export async function checkCommand(args: CliArgs, out: Output, wiring: AppWiring = liveWiring): Promise<number> {
	const discovery = await wiring.discover(await wiring.loadPlan(args.config));
	const journal = await wiring.readJournal(discovery.plan);
	const done = alreadyUpgraded(discovery, journal);
	if (done) return healthGate(args, out, done, healthVerdict(discovery, journal));
	const results = await runPreflightChecks(discovery, wiring.preflight, resumeFacts(journal));
	const failed = results.filter(result => result.status === 'fail');
	const forecast = await forecastFor(discovery, journal, wiring.preflight, wiring.attempts(discovery.plan));
	if (args.json) {
		out.line(
			JSON.stringify(
				{ok: failed.length === 0, checks: results.map(result => ({...result, title: checkTitle(result.id)})), forecast},
				null,
				2,
			),
		);
		return failed.length === 0 ? 0 : 3;
	}
	const {plan} = discovery;
	out.line(
		`Preflight for ${plan.name}: ${plan.nodes.length} node(s), ${discovery.sourceVersion?.version ?? 'unknown version'} → ${plan.target.version}`,
	);
	for (const result of results) out.line(formatCheck(result, out.color));
	const count = (status: CheckResult['status']) => results.filter(result => result.status === status).length;
	out.line('');
	for (const line of forecastLines(forecast)) out.line(line);
	out.line('');
	const unchecked = results.filter(result => result.checked === false).length;
	out.line(
		`${results.length} results: ${count('pass') - unchecked} pass, ${count('warn')} warn, ${count('fail')} fail${unchecked ? `, ${unchecked} not checked` : ''}`,
	);
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

/**
 * `check` on an upgraded cluster is a health gate: exit 0 only when every node runs the target, ONLINE
 * with a fresh heartbeat, the version row is at the target and HA is as the attempt left it; else exit 3.
 */
function healthGate(args: CliArgs, out: Output, done: string, verdict: HealthVerdict): number {
	const failure = `the upgraded cluster is not healthy: ${verdict.problems.map(problemText).join('; ')}.`;
	if (args.json) {
		out.line(JSON.stringify({ok: verdict.healthy, alreadyUpgraded: true, message: done, health: verdict}, null, 2));
		return verdict.healthy ? 0 : 3;
	}
	out.line(`oms-upgrade: ${done}`);
	out.line('Health now:');
	for (const check of verdict.checks) out.line(`${paint('✓ pass', 'green', out.color)}  ${check}`);
	for (const problem of verdict.problems) out.line(`${paint('✗ FAIL', 'red', out.color)}  ${problemText(problem)}`);
	out.line('');
	if (!verdict.healthy)
		throw new OmsError(failure, {
			hint: 'Look at each node named above (`oms-upgrade status`, the container logs), then run `oms-upgrade check` again.',
			exitCode: 3,
		});
	out.line(`healthy: ${verdict.checks.length} checks pass`);
	return 0;
}

function formatCheck(result: CheckResult, color: boolean): string {
	const where = result.node ? `[${result.node}] ` : '';
	if (result.checked === false) return `– not   ${where}${checkTitle(result.id)}: ${result.reason}`;
	const label = {pass: '✓ pass', warn: '! warn', fail: '✗ FAIL'}[result.status];
	const tint = {pass: 'green', warn: 'yellow', fail: 'red'} as const;
	return `${paint(label, tint[result.status], color)}  ${where}${checkTitle(result.id)}: ${result.reason}`;
}

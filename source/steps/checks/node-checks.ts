import {attemptLabel} from '../../domain/attempt-label.js';
import type {NodeFacts} from '../../config/discover-node.js';
import {requiredTargets} from '../../domain/binds.js';
import {fail, pass, type CheckResult, type ResumeFacts} from './check-types.js';

/** Checks that need only what discovery read from one node's engine. */
export function nodeChecks(facts: NodeFacts, resumed?: ResumeFacts): CheckResult[] {
	const host = facts.node.host;
	if (!facts.engine || !facts.engineVersion) {
		return [fail('docker', host, facts.problems[0] ?? `cannot reach Docker at ${facts.node.docker}.`)];
	}
	const results = [pass('docker', host, `Docker ${facts.engineVersion} at ${facts.node.docker}`)];
	const container = facts.container;
	if (!container) {
		results.push(
			fail(
				'old-container',
				host,
				`container ${facts.node.container} does not exist on ${facts.node.docker}; check the plan's container name (docker ps -a on the node).`,
			),
		);
		return results;
	}
	const hostIp = container.env.find(variable => variable.startsWith('OMS_HOST_IP='))?.slice('OMS_HOST_IP='.length);
	if (!container.running && resumed?.oldStopped) {
		results.push(
			pass('old-container', host, `${container.name} ${container.status}: stopped by this upgrade (resumed)`),
		);
	} else if (!container.running) {
		results.push(
			fail(
				'old-container',
				host,
				`container ${container.name} is ${container.status}, not running; start it (docker start ${container.name}) and let OMS come up before upgrading.`,
			),
		);
	} else if (hostIp !== undefined && hostIp !== host) {
		results.push(
			fail(
				'old-container',
				host,
				`container ${container.name} runs with OMS_HOST_IP=${hostIp} but the plan says ${host}; fix the plan's host (the new container gets the plan's).`,
			),
		);
	} else {
		results.push(
			pass(
				'old-container',
				host,
				`${container.name} running ${container.image}${container.privileged ? ' (privileged)' : ''}`,
			),
		);
	}
	results.push(bindsCheck(facts));
	if (facts.newContainer && resumed && facts.newContainer.labels[attemptLabel] === resumed.attempt) {
		results.push(
			pass(
				'new-name',
				host,
				`${facts.node.newContainer} was created by this attempt (${resumed.attempt}, ${facts.newContainer.status}): it is adopted`,
			),
		);
	} else if (facts.newContainer) {
		const whose = facts.newContainer.labels[attemptLabel]
			? `created by attempt ${facts.newContainer.labels[attemptLabel]}`
			: 'not created by oms-upgrade';
		results.push(
			fail(
				'new-name',
				host,
				`a container named ${facts.node.newContainer} already exists (${facts.newContainer.status}, ${facts.newContainer.image}, ${whose}); remove it (docker rm ${facts.node.newContainer}) or set newContainer in the plan.`,
			),
		);
	} else {
		results.push(pass('new-name', host, `${facts.node.newContainer} is free`));
	}
	return results;
}

function bindsCheck(facts: NodeFacts): CheckResult {
	const host = facts.node.host;
	const absent = requiredTargets.filter(required => !facts.binds.some(bind => bind.target === required.target));
	if (absent.length > 0) {
		return fail(
			'binds',
			host,
			`${facts.node.container} does not mount ${absent.map(item => `${item.label} (${item.target})`).join(', ')}; the upgrade keeps the same mounts, so fix the container first.`,
		);
	}
	const missing = facts.missingHostPaths ?? [];
	if (missing.length > 0) {
		return fail(
			'binds',
			host,
			`host path ${missing.join(', ')} does not exist on ${host}; Docker would create it as an empty directory in the new container. Restore it (from a backup of the node) before upgrading.`,
		);
	}
	return pass('binds', host, facts.binds.map(bind => `${bind.source}→${bind.target}`).join(', '));
}

import type {CliArgs} from '../cli-args.js';
import {resolvePlan, type UpgradeModel} from '../config/resolve-plan.js';
import {alreadyUpgraded} from '../engine/already-upgraded.js';
import {withJournal} from '../app/run.js';
import {liveWiring, type AppWiring} from '../app/wiring.js';
import {forecastFor} from '../app/forecast.js';
import {forecastLines} from '../engine/forecast-text.js';
import {haNotes} from './ha-notes.js';
import type {Output} from './output.js';
import {paint} from './paint.js';
import {plannedSteps, type PlannedStep} from './plan-steps.js';

/**
 * `plan`: the resolved topology and every step's exact actions, recorded by a dry run of the steps. Reads; changes
 * nothing.
 */
export async function planCommand(args: CliArgs, out: Output, wiring: AppWiring = liveWiring): Promise<number> {
	const discovery = await wiring.discover(await wiring.loadPlan(args.config));
	const journal = await wiring.readJournal(discovery.plan);
	const done = alreadyUpgraded(discovery, journal);
	if (done) {
		out.line(args.json ? JSON.stringify({alreadyUpgraded: true, message: done}, null, 2) : `oms-upgrade: ${done}`);
		return 0;
	}
	const resolved = resolvePlan(discovery);
	const model = journal ? withJournal(resolved, journal) : resolved;
	const steps = await plannedSteps(discovery, model, journal, wiring.ports(model));
	const forecast = await forecastFor(discovery, journal, wiring.preflight, wiring.attempts(discovery.plan));
	if (args.json) {
		out.line(
			JSON.stringify(
				{...topology(model), findings: discovery.findings, steps: steps.upgrade, rollback: steps.rollback, forecast},
				null,
				2,
			),
		);
		return 0;
	}
	const top = topology(model);
	out.line(
		paint(
			`Plan ${top.name}: OMS ${top.from} → ${top.to}, ${top.nodes.length} node(s) in ${top.regions.length} region(s)`,
			'bold',
			out.color,
		),
	);
	out.line(
		`MetaDB   ${top.metadb.user}@${top.metadb.host}:${top.metadb.port} (from ${discovery.metadbOrigin}; password ***)`,
	);
	out.line(
		`Databases rm=${model.rmDb} cm=${model.cmDb} ${model.regions.map(region => `cm_hb(${region.name})=${region.heartbeatDb}`).join(' ')}`,
	);
	out.line(
		`Source   ${top.from} (from ${discovery.sourceVersion?.origin}); target image ${model.plan.target.image}${model.plan.target.package ? ` from ${model.plan.target.package}` : ''}`,
	);
	out.line(`Workdir  ${model.plan.workdir}`);
	out.line(
		`HA       mode ${model.plan.ha.mode}, after ${model.plan.ha.after}; found ${journal?.haFound ?? model.haFound ?? '(no ha.config row)'}`,
	);
	for (const line of haNotes(model, journal?.haFound ?? model.haFound)) out.line(`         ${line}`);
	out.line(
		`Privileged ${model.plan.privileged === true ? 'true (the guide: --privileged=true)' : "keep (each new container copies its old container's flag)"}`,
	);
	if (journal)
		out.line(
			`Attempt  ${journal.attempt} is open (resumed runs continue it; \`oms-upgrade status\` shows where it stands)`,
		);
	out.line('Nodes');
	for (const node of model.nodes) {
		const init = model.initTargets.find(target => target.region === node.region)?.hosts.includes(node.host)
			? 'runs init'
			: 'init from region peer';
		out.line(
			`  ${node.host}  region ${node.region}  ${node.docker}  ${node.oldContainer} (${node.oldImage}) → ${node.newContainer}  [${init}]`,
		);
	}
	for (const finding of discovery.findings)
		out.line(
			paint(
				`  ${finding.severity === 'fail' ? '✗' : '!'} ${finding.message}`,
				finding.severity === 'fail' ? 'red' : 'yellow',
				out.color,
			),
		);
	printSteps('Upgrade steps', steps.upgrade, out);
	printSteps('Rollback steps (only on `oms-upgrade rollback`)', steps.rollback, out);
	out.line('');
	for (const line of forecastLines(forecast)) out.line(line);
	out.line('');
	out.line('Nothing was changed. Next: `oms-upgrade check`, then `oms-upgrade run` or `oms-upgrade console`.');
	return 0;
}

function topology(model: UpgradeModel) {
	return {
		name: model.plan.name,
		from: model.from,
		to: model.to,
		metadb: {host: model.metadb.host, port: model.metadb.port, user: model.metadb.user},
		databases: model.databases,
		regions: model.regions.map(region => ({
			name: region.name,
			location: region.location,
			heartbeatDb: region.heartbeatDb,
			cmNodes: region.cmNodes,
			hosts: region.hosts,
		})),
		nodes: model.nodes.map(node => ({
			host: node.host,
			region: node.region,
			docker: node.docker,
			oldContainer: node.oldContainer,
			oldImage: node.oldImage,
			newContainer: node.newContainer,
			binds: node.oldBinds,
		})),
		initTargets: model.initTargets,
		workdir: model.plan.workdir,
		haFound: model.haFound,
		privileged: model.plan.privileged,
	};
}

function printSteps(heading: string, steps: readonly PlannedStep[], out: Output): void {
	out.line('');
	out.line(paint(heading, 'bold', out.color));
	steps.forEach((step, index) => {
		out.line(
			`${String(index + 1).padStart(2)}. ${step.id} — ${step.title} [${step.scope}${step.destructive ? ', asks first' : ''}]`,
		);
		for (const action of step.actions)
			out.line(`      ${action.node ? action.node.padEnd(10) : 'cluster   '} ${action.kind.padEnd(9)} ${action.text}`);
	});
}

import type {UpgradeModel} from '../config/resolve-plan.js';
import {ConfigError} from '../domain/errors.js';
import type {Journal, RollbackScope} from '../domain/journal-types.js';
import type {StepDefinition} from '../steps/step-types.js';
import {attemptLabel} from '../domain/attempt-label.js';
import type {LiveFacts} from './live-facts.js';

/** `--from` / `--only`, validated against the step ids of the command. */
export function selectSteps(
	steps: readonly StepDefinition[],
	from: string | undefined,
	only: string | undefined,
): StepDefinition[] {
	if (from !== undefined && only !== undefined)
		throw new ConfigError('--from and --only cannot be combined; pick one.');
	const wanted = only ?? from;
	if (wanted === undefined) return [...steps];
	const index = steps.findIndex(step => step.id === wanted);
	if (index === -1) {
		throw new ConfigError(
			`${only === undefined ? '--from' : '--only'} ${JSON.stringify(wanted)} is not a step of this command; expected one of ${steps.map(step => step.id).join(', ')}.`,
		);
	}
	return only === undefined ? steps.slice(index) : steps.slice(index, index + 1);
}

/**
 * The question before a destructive step: the action and the nodes it touches. Resumed, a node step names the
 * nodes it still has to do: those it finished in an earlier run are skipped.
 */
export function confirmationText(
	step: StepDefinition,
	model: UpgradeModel,
	live?: LiveFacts,
	journal?: Journal,
): string {
	const hosts = model.nodes.map(node => node.host).join(', ');
	const left = model.nodes.filter(node => journal?.steps[step.id]?.nodes[node.host]?.status !== 'succeeded');
	const toDo = left.length > 0 ? left : model.nodes;
	switch (step.id) {
		case 'stop-old':
			return `stop-old: docker stop ${toDo.map(node => `${node.oldContainer}@${node.host}`).join(', ')}: OMS goes down (downtime starts).`;
		case 'start-new': {
			const kept = (live?.nodes ?? []).flatMap(node =>
				node.kept.map(
					container =>
						`${container.name}@${node.host} (attempt ${container.labels[attemptLabel] ?? '?'}, ${container.state})`,
				),
			);
			const removal =
				kept.length > 0 ? ` First remove the containers kept by earlier attempts' rollbacks: ${kept.join(', ')}.` : '';
			return `start-new: create and start ${toDo.map(node => `${node.newContainer}@${node.host}`).join(', ')} from ${model.plan.target.image} with IS_UPGRADE=true.${removal}`;
		}
		case 'init':
			return `init: run /root/docker_init.sh on ${model.initTargets.map(target => target.hosts.join(', ')).join(', ')}: migrates the MetaDB (${model.databases.join(', ')}) to ${model.to}.`;
		default:
			return `${step.id}: ${step.title} (${step.scope === 'cluster' ? `MetaDB ${model.metadb.host}:${model.metadb.port}` : hosts}).`;
	}
}

/** The one question before a rollback: what this attempt's rollback does, and what it loses. */
export function rollbackQuestion(
	model: UpgradeModel,
	attempt: string,
	scope: RollbackScope,
	dumpsTakenAt: string | undefined,
): string {
	const olds = model.nodes.map(node => `${node.oldContainer}@${node.host}`).join(', ');
	// rb-restore-ha: as found, and with HA on the guide's rule for after an outage (perceiveStoreClientCheckpoint).
	const haBack = "put ha.config back as found (if HA was on, with the guide's rule for after an outage)";
	switch (scope.kind) {
		case 'ha-only':
			return `Roll back attempt ${attempt}: ${scope.reason}. No container is touched and nothing is restored.`;
		case 'restart-old':
			return `Roll back attempt ${attempt}: ${scope.reason}. Start ${olds} again, then ${haBack}.`;
		case 'restore':
			return (
				`Roll back attempt ${attempt}: ${scope.reason}. Stop the new containers (kept, renamed), DROP and re-create ${model.databases.join(', ')} on ${model.metadb.host}:${model.metadb.port} ` +
				`from the dumps taken at ${dumpsTakenAt ?? '(no verified dumps: the rollback will refuse)'}; every change made to them after that time is lost. Then start ${olds} and ${haBack}.`
			);
	}
}

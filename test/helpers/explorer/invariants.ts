import {parseHaConfig} from '../../../source/domain/ha-config.js';
import {isDone} from '../../../source/domain/journal.js';
import {stateWords} from '../../../source/engine/attempt-state.js';
import {consoleAdvice} from '../../../source/store/console-advice.js';
import type {OperatorCommand, Outcome} from './operator.js';
import {fromVersion, toVersion, type World} from './world.js';

/** The outcome says HA is off, or that it may be (the tool could not read it back). */
const haOffSaid = /\bHA (?:is |may be )?(?:still )?OFF\b/;
const haOffClaimed = /\bHA (?:is )?(?:still )?OFF\b/;
/**
 * What the console has a key for but a command line would type: an option of run and rollback, or either
 * command. (`oms-upgrade check` or `status`, run from another terminal, is advice the console can give.)
 */
const commandLineWords = /--from|--only|--yes|`oms-upgrade (?:run|rollback)\b/;

/** Every node serves: the new OMS verified by this attempt, or the old one over metadata of its own version. */
function serving(world: World): boolean {
	const journal = world.journal;
	return world.cluster.model.nodes.every(node => {
		const engine = world.cluster.engine(node.host);
		const fresh = engine.containers.get(node.newContainer);
		if (fresh?.running && journal && isDone(journal, 'verify')) return true;
		return engine.containers.get(node.oldContainer)?.running === true && world.metadata.schema === fromVersion;
	});
}

function sameHa(a: string, b: string): boolean {
	const [x, y] = [parseHaConfig(a), parseHaConfig(b)];
	return (
		x !== undefined &&
		y !== undefined &&
		JSON.stringify(Object.entries(x).sort()) === JSON.stringify(Object.entries(y).sort())
	);
}

/** The state every finished upgrade must be in (I4). */
export function upgradedProblems(world: World, attempt: string | undefined): string[] {
	const problems: string[] = [];
	for (const node of world.cluster.model.nodes) {
		const fresh = world.cluster.engine(node.host).containers.get(node.newContainer);
		if (!fresh?.running || fresh.labels['oms-upgrade.attempt'] !== attempt)
			problems.push(`the new container of attempt ${attempt} does not run on ${node.host}`);
	}
	for (const region of world.cluster.model.regions)
		if (!world.initCompleted.has(`${attempt}|${region.name}`))
			problems.push(`docker_init.sh never completed in region ${region.name}`);
	if (world.metadata.schema !== toVersion) problems.push(`the metadata is at ${world.metadata.schema}`);
	const ha = world.ha();
	if (ha.enable !== true || ha.perceiveStoreClientCheckpoint !== true)
		problems.push(`ha.config is ${world.cluster.metadbState.ha}, not enabled with perceive as the plan asks`);
	return problems;
}

/** The state a finished rollback (or no attempt at all) must leave: the old OMS over its own metadata, HA as found. */
export function restoredProblems(world: World): string[] {
	const problems: string[] = [];
	for (const node of world.cluster.model.nodes) {
		const engine = world.cluster.engine(node.host);
		if (!engine.containers.get(node.oldContainer)?.running)
			problems.push(`the old container does not run on ${node.host}`);
		if (engine.containers.get(node.newContainer)?.running) problems.push(`a new container still runs on ${node.host}`);
	}
	if (world.metadata.schema !== fromVersion) problems.push(`the metadata is at ${world.metadata.schema}`);
	if (!sameHa(world.cluster.metadbState.ha, world.haBefore) && world.ha().enable !== true)
		problems.push(`ha.config is ${world.cluster.metadbState.ha}, neither as found (${world.haBefore}) nor on`);
	return problems;
}

/** I1–I10 after one command: what broke, each naming its invariant. */
export function violationsAfter(world: World, op: OperatorCommand, outcome: Outcome): string[] {
	const found = [...world.violations.splice(0)];
	const {result} = outcome;
	const message = result?.message ?? '';
	for (const node of world.cluster.model.nodes) {
		const engine = world.cluster.engine(node.host);
		const running = world.running(engine);
		if (running.length > 1) found.push(`I3: ${running.map(box => box.name).join(' and ')} run at once on ${node.host}`);
		if (engine.containers.get(node.oldContainer)?.running && world.metadata.schema !== fromVersion)
			found.push(`I1: the old OMS runs on ${node.host} over metadata at ${world.metadata.schema}`);
	}
	if (result?.outcome === 'succeeded')
		found.push(...upgradedProblems(world, outcome.attempt).map(problem => `I4: "${message}" but ${problem}`));
	if (result?.outcome === 'rolled-back')
		found.push(...restoredProblems(world).map(problem => `I9: "${message}" but ${problem}`));
	// I5: ha.config as found, or on by the guide's rule, or the outcome says HA is off.
	const ha = world.ha();
	const byRule =
		ha.enable === true && (ha.perceiveStoreClientCheckpoint === true || Number(ha.refetchStoreIntervalMin) >= 1);
	if (result && !sameHa(world.cluster.metadbState.ha, world.haBefore) && !byRule && !haOffSaid.test(message))
		found.push(
			`I5: ha.config is ${world.cluster.metadbState.ha} (found ${world.haBefore}) and the outcome does not say so: "${message}"`,
		);
	// I7: a row written by a running OMS is lost only through a restore this attempt's operator agreed to.
	if (
		op.command === 'rollback' &&
		outcome.attempt &&
		(op.yes || outcome.asked.some(entry => /^Roll back attempt/.test(entry.question) && entry.answer))
	)
		world.rollbackConfirmed.add(outcome.attempt);
	const rows = new Set(world.metadata.rows);
	const lost = outcome.rowsBefore.filter(row => !rows.has(row));
	if (lost.length > 0 && !(world.restoresNow > 0 && outcome.attempt && world.rollbackConfirmed.has(outcome.attempt)))
		found.push(`I7: rows ${lost.slice(0, 3).join(', ')} were lost without a restore the operator agreed to`);
	// I8: the journal on disk can be read back.
	if (world.journal && (JSON.parse(JSON.stringify(world.journal)) as {formatVersion: number}).formatVersion !== 2)
		found.push('I8: the journal cannot be read back');
	// I9: what the outcome says about OMS and HA is true.
	if (/OMS is DOWN/.test(message) && serving(world)) found.push(`I9: "${message}" while every node serves`);
	if (haOffClaimed.test(message) && world.ha().enable !== false)
		found.push(`I9: "${message}" while ha.config is ${world.cluster.metadbState.ha}`);
	if (/nothing of the upgrade stays changed/.test(message) && restoredProblems(world).length > 0)
		found.push(`I9: "${message}" but ${restoredProblems(world).join('; ')}`);
	// I10: the console says every outcome, and what stays changed, with its own keys: no command-line option or command.
	for (const said of [message, stateWords(world.journal) ?? '']) {
		const inConsole = consoleAdvice(said);
		if (commandLineWords.test(inConsole)) found.push(`I10: the console would say "${inConsole}"`);
	}
	return found;
}

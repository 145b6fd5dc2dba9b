import fc from 'fast-check';
import {rollbackStepIds, upgradeStepIds, type StepId} from '../../../source/domain/journal-types.js';
import {restoredProblems, upgradedProblems, violationsAfter} from './invariants.js';
import {describeCommand, operate, type OperatorCommand} from './operator.js';
import type {World} from './world.js';

/** The explorer's model: what it has done so far, in words (the world itself is the real system). */
export type Story = {lines: string[]};

type Command = fc.AsyncCommand<Story, World>;

/** EXPLORE_INVARIANTS=I1,I4 checks only those (to look for one kind of sequence); all by default. */
const checked = process.env['EXPLORE_INVARIANTS']?.split(',').map(name => name.trim());

function fail(story: Story, all: readonly string[]): void {
	const problems = checked ? all.filter(problem => checked.some(name => problem.startsWith(`${name}:`))) : all;
	if (problems.length > 0)
		throw new Error(`${problems.join('\n')}\n\nafter:\n${story.lines.map(line => `  ${line}`).join('\n')}`);
}

/** An operator command (`run` or `rollback`, whole, --only or --from), its answers, and a fault at one port call. */
export class Operate implements Command {
	constructor(readonly op: OperatorCommand) {}

	check = () => true;

	async run(story: Story, world: World): Promise<void> {
		const outcome = await operate(world, this.op);
		story.lines.push(
			`${describeCommand(this.op)}  → ${outcome.result ? `${outcome.result.outcome} (exit ${outcome.result.exitCode}): ${outcome.result.message}` : 'killed'}`,
		);
		fail(story, violationsAfter(world, this.op, outcome));
	}

	toString = () => describeCommand(this.op);
}

/**
 * docker_init.sh fails in one region at its next run: with an error line and exit 0 (as a lock wait timeout does), or
 * exit 1.
 */
export class InitFails implements Command {
	constructor(
		readonly region: number,
		readonly exitCode: 0 | 1,
	) {}

	check = () => true;

	async run(story: Story, world: World): Promise<void> {
		const region = world.cluster.model.initTargets[this.region % world.cluster.model.initTargets.length]!;
		const engine = world.cluster.engine(region.hosts[0]!);
		engine.initAnswers.push({
			exitCode: this.exitCode,
			lines: [
				'[2/4] applying schema changes',
				'ERROR 1205 (HY000) at line 1: Lock wait timeout exceeded; try restarting transaction',
			],
		});
		story.lines.push(this.toString());
	}

	toString = () => `(docker_init.sh in region #${this.region} will print ERROR 1205 and exit ${this.exitCode})`;
}

/** Time passes: every running OMS writes a row to the MetaDB. */
export class TimePasses implements Command {
	check = () => true;

	async run(story: Story, world: World): Promise<void> {
		world.tick();
		story.lines.push(this.toString());
	}

	toString = () => '(time passes: every running OMS writes a row)';
}

const steps = (command: 'run' | 'rollback'): readonly StepId[] =>
	command === 'run' ? upgradeStepIds : rollbackStepIds;

const answer = fc.oneof({weight: 4, arbitrary: fc.constant(true)}, {weight: 1, arbitrary: fc.constant(false)});

const operatorCommand: fc.Arbitrary<OperatorCommand> = fc
	.record({
		command: fc.constantFrom<'run' | 'rollback'>('run', 'rollback'),
		selection: fc.oneof(
			{weight: 3, arbitrary: fc.constant(undefined)},
			{weight: 2, arbitrary: fc.tuple(fc.constantFrom<'only' | 'from'>('only', 'from'), fc.nat({max: 9}))},
		),
		yes: fc.boolean(),
		answers: fc.array(answer, {maxLength: 3}),
		fault: fc.option(
			fc.record({
				kind: fc.constantFrom<'fail' | 'interrupt' | 'kill'>('fail', 'interrupt', 'kill'),
				at: fc.nat({max: 160}),
			}),
			{freq: 3},
		),
	})
	.map(({command, selection, yes, answers, fault}): OperatorCommand => {
		const ids = steps(command);
		const step = selection && ids[selection[1] % ids.length];
		return {
			command,
			yes,
			answers,
			...(selection?.[0] === 'only' ? {only: step} : selection ? {from: step} : {}),
			...(fault ? {fault} : {}),
		};
	});

/** The commands the explorer draws from: operator commands mostly, world events sometimes. */
export const explorerCommands = fc.commands(
	[
		operatorCommand.map(op => new Operate(op)),
		operatorCommand.map(op => new Operate(op)),
		operatorCommand.map(op => new Operate(op)),
		fc
			.tuple(fc.nat({max: 1}), fc.constantFrom<0 | 1>(0, 1))
			.map(([region, exitCode]) => new InitFails(region, exitCode)),
		fc.constant(new TimePasses()),
	],
	{maxCommands: 10},
);

/**
 * I8, no dead ends: from wherever the sequence left the cluster, a plain `run --yes` finishes the
 * upgrade, or a plain `rollback --yes` gets the old version back; either way the cluster works.
 */
export async function recover(story: Story, world: World): Promise<void> {
	const attempt = new Operate({command: 'run', yes: true, answers: []});
	await attempt.run(story, world);
	const last = story.lines.at(-1) ?? '';
	if (/→ succeeded/.test(last))
		return fail(
			story,
			upgradedProblems(world, world.journal?.attempt).map(problem => `I8: ${problem}`),
		);
	const back = new Operate({command: 'rollback', yes: true, answers: []});
	await back.run(story, world);
	const after = story.lines.at(-1) ?? '';
	if (/→ rolled-back/.test(after) || (!world.journal && /nothing to roll back/.test(after)))
		return fail(
			story,
			restoredProblems(world).map(problem => `I8: ${problem}`),
		);
	fail(story, ['I8: a dead end: neither a plain run nor a plain rollback gets the cluster back to a working version']);
}

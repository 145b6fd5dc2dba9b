import {executeWith, type RunWiring} from '../../../source/app/run.js';
import {describeError, OmsError} from '../../../source/domain/errors.js';
import {EventBus} from '../../../source/domain/events.js';
import type {StepId} from '../../../source/domain/journal-types.js';
import type {RunResult} from '../../../source/engine/run-result.js';
import type {World} from './world.js';

/**
 * A world event at the k-th port call of a command: the call fails (an engine or MetaDB error or deadline), Ctrl-C or a
 * closed pipe arrives, or the process is killed.
 */
export type Fault = {readonly kind: 'fail' | 'interrupt' | 'kill'; readonly at: number};

/** One command as an operator types it, with the answers they give and what the world does meanwhile. */
export type OperatorCommand = {
	readonly command: 'run' | 'rollback';
	readonly only?: StepId;
	readonly from?: StepId;
	readonly yes: boolean;
	/** Answers to the questions, in order; a question past the end is answered yes. */
	readonly answers: readonly boolean[];
	readonly fault?: Fault;
};

/** What the command came to: its result (none when killed), and the questions it asked with their answers. */
export type Outcome = {
	readonly result: RunResult | undefined;
	readonly asked: readonly {readonly question: string; readonly answer: boolean}[];
	/** Rows of the metadata before the command. */
	readonly rowsBefore: readonly string[];
	readonly attempt: string | undefined;
};

/** The command line that reproduces the command on a lab, with the world's part in words. */
export function describeCommand(op: OperatorCommand): string {
	const flags = [op.only ? `--only ${op.only}` : '', op.from ? `--from ${op.from}` : '', op.yes ? '--yes' : '']
		.filter(Boolean)
		.join(' ');
	const answers =
		op.yes || op.answers.length === 0 ? '' : ` answering ${op.answers.map(answer => (answer ? 'y' : 'n')).join(' ')}`;
	const fault = op.fault
		? `, ${{fail: 'the port call', interrupt: 'Ctrl-C after the port call', kill: 'kill -9 at the port call'}[op.fault.kind]} #${op.fault.at} ${op.fault.kind === 'fail' ? 'failing' : ''}`.trimEnd()
		: '';
	return `oms-upgrade ${op.command}${flags ? ` ${flags}` : ''}${answers}${fault}`;
}

/**
 * Runs one operator command over the world through the CLI's own code (app/run `executeWith`): the
 * journal read from disk, the admission rules, the real discovery over the fake ports, "already
 * upgraded", a new attempt when none is open, the model resolved from the discovery, then the runner
 * session, preflight first. Only the run lock is left out (one operator here).
 */
export async function operate(world: World, op: OperatorCommand): Promise<Outcome> {
	const {cluster} = world;
	const rowsBefore = [...world.metadata.rows];
	const base = cluster.log.calls.length;
	const controller = new AbortController();
	let killed = false;
	cluster.log.failAt = (call, index) => {
		if (killed) return new Error(`killed (kill -9) before ${call.what}`);
		if (op.fault?.kind === 'kill' && index - base === op.fault.at) {
			killed = true;
			return new Error(`killed (kill -9) at ${call.what}`);
		}
		return op.fault?.kind === 'fail' && index - base === op.fault.at
			? new Error(`injected failure of ${call.port} ${call.what}`)
			: undefined;
	};
	cluster.log.onCall = (_call, index) => {
		if (op.fault?.kind === 'interrupt' && index - base === op.fault.at) controller.abort(new Error('SIGINT'));
	};
	world.restoresNow = 0;
	const existing = world.journal;
	const asked: {question: string; answer: boolean}[] = [];
	const answers = [...op.answers];
	const wiring: RunWiring = {
		readJournal: async () => existing && structuredClone(existing),
		discover: () => cluster.discoverNow(),
		ports: () => world.ports,
		lock: async () => ({release: async () => undefined}),
		clock: () => {
			// A new attempt begins: what ha.config was before it is what its rollback must give back.
			world.attempts += 1;
			world.haBefore = cluster.metadbState.ha;
			return new Date(Date.UTC(2026, 10, 25, 3, world.attempts));
		},
	};
	let result: RunResult;
	try {
		result = await executeWith(
			{
				plan: cluster.model.plan,
				command: op.command,
				yes: op.yes,
				from: op.from,
				only: op.only,
				bus: new EventBus(),
				confirm: async question => {
					const answer = answers.shift() ?? true;
					asked.push({question, answer});
					return answer;
				},
				signal: controller.signal,
			},
			wiring,
		);
	} catch (error) {
		// The CLI prints the error's paragraph and exits with its code.
		const exitCode = error instanceof OmsError ? error.exitCode : 1;
		result = {outcome: exitCode === 2 ? 'refused' : 'failed', exitCode, message: describeError(error)};
	}
	cluster.log.failAt = undefined;
	cluster.log.onCall = undefined;
	// The journal on disk is the last one the attempt saved; a rollback that finished archived it.
	const attempt = cluster.saved.at(-1)?.attempt ?? existing?.attempt;
	const saved = cluster.saved.filter(entry => entry.attempt === attempt).at(-1);
	world.journal =
		attempt === undefined || cluster.archived.includes(attempt) ? undefined : saved && structuredClone(saved);
	return {result: killed ? undefined : result, asked, rowsBefore, attempt};
}

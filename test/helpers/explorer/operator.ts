import {OmsError} from '../../../source/domain/errors.js';
import type {StepId} from '../../../source/domain/journal-types.js';
import {admissionError} from '../../../source/engine/admission.js';
import {alreadyUpgraded} from '../../../source/engine/already-upgraded.js';
import type {RunResult} from '../../../source/engine/run-result.js';
import {fakeRun, passedPreflight} from '../fakes/fake-run.js';
import type {World} from './world.js';

/** A world event at the k-th port call of a command: the call fails (an engine or MetaDB error or deadline), Ctrl-C or a closed pipe arrives, or the process is killed. */
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
	const flags = [op.only ? `--only ${op.only}` : '', op.from ? `--from ${op.from}` : '', op.yes ? '--yes' : ''].filter(Boolean).join(' ');
	const answers = op.yes || op.answers.length === 0 ? '' : ` answering ${op.answers.map(answer => (answer ? 'y' : 'n')).join(' ')}`;
	const fault = op.fault
		? `, ${{fail: 'the port call', interrupt: 'Ctrl-C after the port call', kill: 'kill -9 at the port call'}[op.fault.kind]} #${op.fault.at} ${op.fault.kind === 'fail' ? 'failing' : ''}`.trimEnd()
		: '';
	return `oms-upgrade ${op.command}${flags ? ` ${flags}` : ''}${answers}${fault}`;
}

/**
 * Runs one operator command over the world as the CLI would: the journal read from disk, the admission
 * rules, a new attempt (preflight) when none is open, then the real runner session over the fake ports.
 * Preflight is reduced to the check that matters between attempts (every old container runs): the real
 * checks need discovery, which does not run over the fakes yet.
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
		return op.fault?.kind === 'fail' && index - base === op.fault.at ? new Error(`injected failure of ${call.port} ${call.what}`) : undefined;
	};
	cluster.log.onCall = (_call, index) => {
		if (op.fault?.kind === 'interrupt' && index - base === op.fault.at) controller.abort(new Error('SIGINT'));
	};
	world.restoresNow = 0;
	const existing = world.journal;
	const asked: {question: string; answer: boolean}[] = [];
	const done = (result: RunResult | undefined): Outcome => {
		cluster.log.failAt = undefined;
		cluster.log.onCall = undefined;
		return {result: killed ? undefined : result, asked, rowsBefore, attempt: world.journal?.attempt ?? existing?.attempt};
	};
	const refusal = admissionError(op.command, existing, cluster.model.plan.workdir);
	if (refusal) return done({outcome: 'refused', exitCode: refusal.exitCode, message: refusal.message});
	if (op.command === 'run') {
		const upgraded = alreadyUpgraded(cluster.discovery, existing);
		if (upgraded) return done({outcome: 'succeeded', exitCode: 0, message: upgraded});
	}
	let journal = existing;
	if (!journal) {
		const stopped = cluster.model.nodes.filter(node => !cluster.engine(node.host).containers.get(node.oldContainer)?.running);
		if (stopped.length > 0)
			return done({
				outcome: 'failed',
				exitCode: 3,
				message: `preflight failed: the old container does not run on ${stopped.map(node => node.host).join(', ')}`,
			});
		world.attempts += 1;
		journal = passedPreflight(cluster, new Date(Date.UTC(2026, 10, 25, 3, world.attempts)));
		world.haBefore = cluster.metadbState.ha;
	}
	let result: RunResult;
	try {
		const run = await fakeRun(cluster, op.command, {
			journal: structuredClone(journal),
			yes: op.yes,
			only: op.only,
			from: op.from,
			answers: [...op.answers],
			signal: controller.signal,
			ports: world.ports,
			onQuestion: (question, answer) => asked.push({question, answer}),
		});
		result = run.result;
	} catch (error) {
		result = {outcome: 'failed', exitCode: error instanceof OmsError ? error.exitCode : 1, message: `failed: ${String(error)}`};
	}
	// The journal on disk is the last one this attempt saved; a rollback that finished archived it.
	const saved = cluster.saved.filter(entry => entry.attempt === journal.attempt).at(-1);
	world.journal = cluster.archived.includes(journal.attempt) ? undefined : saved && structuredClone(saved);
	return done(result);
}

import {resolve} from 'node:path';
import {watchSshConnections} from '../adapters/ssh-tunnels.js';
import type {CliArgs} from '../cli-args.js';
import {loadPlan} from '../config/load-plan.js';
import {eventLine} from '../domain/event-text.js';
import {EventBus, now, type EngineEvent} from '../domain/events.js';
import {execute} from '../app/run.js';
import {forecastLines} from '../engine/forecast-text.js';
import type {QuestionAbout} from '../engine/run-options.js';
import {Answers} from './answers.js';
import {onOutputClosed, type Output} from './output.js';
import {paint} from './paint.js';
import {endAfterHangup} from './terminal.js';

/**
 * `run` and `rollback` with line output (or JSON lines); questions on stdin (end of input is No);
 * Ctrl-C, SIGTERM, SIGHUP and a closed output stop cleanly: the current call finishes, exit 130.
 */
export async function runCommand(args: CliArgs, out: Output): Promise<number> {
	const plan = await loadPlan(resolve(args.config));
	const command = args.command === 'rollback' ? 'rollback' : 'run';
	const bus = new EventBus();
	bus.subscribe(args.json ? event => out.line(JSON.stringify(event)) : event => printEvent(event, out));
	const controller = new AbortController();
	let hungUp = false;
	const stop = (why: string) => {
		if (controller.signal.aborted) return false;
		out.error(`oms-upgrade: ${why}: finishing the current call, then stopping (again to quit at once)`);
		controller.abort(new Error(why));
		return true;
	};
	const onSignal = (signal: NodeJS.Signals) => {
		if (signal === 'SIGHUP') hungUp = true;
		if (!stop(signal)) process.exit(130);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	const unwatch = watchSshConnections(change =>
		bus.emit({
			type: 'log',
			at: now(),
			step: null,
			node: change.node,
			level: change.state === 'connected' ? 'info' : 'warn',
			text: change.text,
		}),
	);
	const offClosed = onOutputClosed(() => stop('the output was closed'));
	const answers = new Answers();
	try {
		const result = await execute({
			plan,
			command,
			yes: args.yes,
			dryRun: args.dryRun,
			from: args.from,
			only: args.only,
			bus,
			confirm: (question, kind, about) => ask(question, kind, answers, out, controller.signal, about),
			signal: controller.signal,
		});
		if (hungUp) endAfterHangup();
		// Nothing ran, so no event said how it ended: with --json that is one JSON line too, so `| jq` never meets
		// plain text.
		if (result.nothingToDo && args.json)
			out.line(
				JSON.stringify({
					type: 'run-finished',
					at: now(),
					outcome: result.outcome,
					exitCode: result.exitCode,
					message: result.message,
					nothingToDo: true,
				}),
			);
		else if (result.nothingToDo) out.line(`oms-upgrade: ${result.message}`);
		else if (result.exitCode !== 0) out.error(`oms-upgrade: ${result.message}`);
		return result.exitCode;
	} finally {
		answers.close();
		offClosed();
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		unwatch();
	}
}

function printEvent(event: EngineEvent, out: Output): void {
	// Questions and answers are the dialogue on stderr (ask below); the run log and --json keep them as events.
	if (event.type === 'progress' || event.type === 'question' || event.type === 'answer') return;
	const line = eventLine(event);
	if (line === undefined) return;
	if (event.type === 'step-finished')
		out.line(
			paint(
				line,
				event.status === 'failed' || event.status === 'refused'
					? 'red'
					: event.status === 'succeeded'
						? 'green'
						: 'dim',
				out.color,
			),
		);
	else if (event.type === 'log' && event.level !== 'info')
		out.line(paint(line, event.level === 'error' ? 'red' : 'yellow', out.color));
	else out.line(line);
}

/**
 * A question on stdin. Steps take y/yes (anything else, end of input included, is No); the rollback
 * takes the typed word `rollback`. An interruption answers No at once.
 */
async function ask(
	question: string,
	kind: 'step' | 'rollback',
	answers: Answers,
	out: Output,
	signal: AbortSignal,
	about?: QuestionAbout,
): Promise<boolean> {
	if (signal.aborted) return false;
	// Before the downtime starts, what it will cost: the forecast, once, above the question it belongs to.
	if (about) for (const line of forecastLines(about.forecast)) out.error(line);
	out.error(question);
	const answer = await answers.next(kind === 'rollback' ? 'Type rollback to confirm: ' : 'Proceed? [y/N] ', signal);
	// A terminal echoes what was typed; from a pipe or a file the answer is shown, so the log reads as a dialogue.
	if (!process.stdin.isTTY && !signal.aborted) out.error(answer === undefined ? '(end of input: No)' : answer);
	if (answer === undefined) return false;
	return kind === 'rollback' ? answer.trim() === 'rollback' : /^(y|yes)$/i.test(answer.trim());
}

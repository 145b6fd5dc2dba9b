import {resolve} from 'node:path';
import {createInterface} from 'node:readline';
import {watchSshConnections} from '../adapters/ssh-tunnels.js';
import type {CliArgs} from '../cli-args.js';
import {loadPlan} from '../config/load-plan.js';
import {eventLine} from '../engine/event-text.js';
import {EventBus, now, type EngineEvent} from '../engine/events.js';
import {execute} from '../engine/runner.js';
import {redact} from '../domain/redact.js';
import type {Output} from './output.js';
import {paint} from './paint.js';
import {endAfterHangup} from './terminal.js';

/** `run` and `rollback` with line output (or JSON lines); questions on stdin; Ctrl-C/SIGTERM stop cleanly. */
export async function runCommand(args: CliArgs, out: Output): Promise<number> {
	const plan = await loadPlan(resolve(args.config));
	const command = args.command === 'rollback' ? 'rollback' : 'run';
	const bus = new EventBus();
	bus.subscribe(args.json ? event => out.line(JSON.stringify(event)) : event => printEvent(event, out));
	const controller = new AbortController();
	let hungUp = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (signal === 'SIGHUP') hungUp = true;
		if (controller.signal.aborted) process.exit(130);
		out.error(`oms-upgrade: ${signal}: finishing the current call, then stopping (again to quit at once)`);
		controller.abort(new Error(`interrupted by ${signal}`));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	const unwatch = watchSshConnections(change => bus.emit({type: 'log', at: now(), step: null, node: change.node, level: change.state === 'connected' ? 'info' : 'warn', text: change.text}));
	try {
		const result = await execute({
			plan,
			command,
			yes: args.yes,
			from: args.from,
			only: args.only,
			bus,
			confirm: question => ask(question, out, controller.signal),
			signal: controller.signal,
		});
		if (hungUp) endAfterHangup();
		if (result.exitCode !== 0 && result.exitCode !== 4) out.error(`oms-upgrade: ${redact(result.message)}`);
		return result.exitCode;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		unwatch();
	}
}

function printEvent(event: EngineEvent, out: Output): void {
	if (event.type === 'progress') return;
	const line = eventLine(event);
	if (line === undefined) return;
	if (event.type === 'step-finished') out.line(paint(line, event.status === 'failed' ? 'red' : event.status === 'succeeded' ? 'green' : 'dim', out.color));
	else if (event.type === 'log' && event.level !== 'info') out.line(paint(line, event.level === 'error' ? 'red' : 'yellow', out.color));
	else out.line(line);
}

/** y/N on stdin; anything but y/yes (including end of input) is No. */
async function ask(question: string, out: Output, signal: AbortSignal): Promise<boolean> {
	if (signal.aborted) return false;
	const reader = createInterface({input: process.stdin, output: process.stderr, terminal: false});
	try {
		out.error(`${question}`);
		const answer = await new Promise<string>(done => {
			reader.question('Proceed? [y/N] ', done);
			reader.once('close', () => done(''));
			signal.addEventListener('abort', () => done(''), {once: true});
		});
		return /^(y|yes)$/i.test(answer.trim());
	} finally {
		reader.close();
	}
}


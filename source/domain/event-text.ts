import {redact} from './redact.js';
import type {EngineEvent} from './events.js';
import {operatorDetail} from './operator.js';

/** One event as a line: `HH:MM:SS step node message`, the same on screen and in the run log. */
export function eventLine(event: EngineEvent): string | undefined {
	const time = event.at.slice(11, 19);
	const column = (step: string | null, node: string | null) =>
		`${time} ${(step ?? '-').padEnd(15)} ${(node ?? '-').padEnd(10)}`;
	switch (event.type) {
		case 'run-started':
			return redact(`${column(null, null)} ${event.command} ${event.runId}: ${event.steps.join(', ')}`);
		case 'step-started':
			return redact(`${column(event.step, event.node)} started`);
		case 'step-finished':
			return redact(
				`${column(event.step, event.node)} ${event.status.toUpperCase()}${event.reason ? `: ${event.reason}` : ''}`,
			);
		case 'log':
			return redact(
				`${column(event.step, event.node)} ${event.level === 'info' ? '' : `${event.level.toUpperCase()} `}${event.text}`,
			);
		case 'progress':
		case 'times':
			return undefined;
		case 'question':
			return redact(`${column(event.step, null)} QUESTION ${event.text}`);
		case 'answer':
			return redact(
				`${column(event.step, null)} ANSWER ${event.answer}${event.by === '--yes' ? ' (--yes)' : ''}${event.operator ? ` by ${operatorDetail(event.operator)}` : ''}`,
			);
		case 'run-finished':
			return redact(`${column(null, null)} ${event.message}`);
	}
}

/** A run log line read back: `ISO-time step node [WARN |ERROR ]text`, as the run log writes each event line. */
type ParsedLogLine = {
	readonly at: string;
	readonly step: string | null;
	readonly node: string | null;
	readonly level: 'info' | 'warn' | 'error';
	readonly text: string;
};

const logLinePattern = /^(\S+) (\S+) +(\S+) +(.*)$/;

/** One line of a run log as its event said it (a past attempt's log in the console); undefined for another line. */
export function parseLogLine(line: string): ParsedLogLine | undefined {
	const [, at, step, node, said] = logLinePattern.exec(line) ?? [];
	if (at === undefined || step === undefined || node === undefined || said === undefined) return undefined;
	const marked = said.startsWith('ERROR ') ? 'error' : said.startsWith('WARN ') ? 'warn' : undefined;
	return {
		at,
		step: step === '-' ? null : step,
		node: node === '-' ? null : node,
		// A step that failed says so in its own words (`FAILED: …`), an error as the console showed it.
		level: marked ?? (said.startsWith('FAILED') ? 'error' : 'info'),
		text: marked ? said.slice(marked.length + 1) : said,
	};
}

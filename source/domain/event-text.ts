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

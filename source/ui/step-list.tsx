import spinners, {type SpinnerName} from 'cli-spinners';
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {memo} from 'react';
import type {StepView} from '../store/panel-state.js';
import {cells} from './cells.js';
import {clock, fit, stepColor, stepGlyph, stepWord} from './glyphs.js';

export type StepListProps = {
	readonly title: string;
	readonly steps: readonly StepView[];
	/** Index of the step whose log is shown. */
	readonly selected: number;
	/** Index of the step `enter` would run, or -1. */
	readonly next: number;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	/** Current time in ms, for running durations. */
	readonly now: number;
	/** The store's tick count while a step runs: it picks the running sign's frame. */
	readonly pulse?: number;
};

/**
 * The running step's spinner: its frames (◜ ◠ ◝ ◞ ◡ ◟) look like no other sign of the panel (the line spinner's `-`
 * read as skipped `–`).
 */
export const runningSpinner = 'arc';

/**
 * The running sign's frames, each registered with cli-spinners (the table ink-spinner draws from) as a spinner
 * of one frame whose interval no run reaches: ink-spinner draws the frame the store's pulse picks, and turns
 * with the log's revision in one frame a tick instead of on a timer of its own (a second frame a tick).
 */
const stillFrames: readonly SpinnerName[] = spinners[runningSpinner].frames.map((frame, index) => {
	const name = `oms-upgrade-${runningSpinner}-${index}`;
	Object.assign(spinners, {[name]: {interval: 2 ** 31 - 1, frames: [frame]}});
	return name as SpinnerName;
});

/** The running sign at the pulse's frame, drawn by ink-spinner; memoised: it renders when the frame turns. */
const RunningSign = memo(function RunningSign({pulse}: {readonly pulse: number}) {
	return <Spinner type={stillFrames[pulse % stillFrames.length]} />;
});

/** The checklist: glyph and word per state, duration, node sub-states, the next step marked with →. */
export function StepList({title, steps, selected, next, focused, width, height, now, pulse = 0}: StepListProps) {
	const lines: Array<{
		key: string;
		text: string;
		color?: string | undefined;
		bold?: boolean;
		inverse?: boolean;
		spinner?: boolean;
	}> = [];
	lines.push({key: 'title', text: fit(`${title}${focused ? ' ◂' : ''}`, width), bold: true});
	const spare = Math.max(0, height - 1 - steps.length);
	let extra = 0;
	steps.forEach((step, index) => {
		const duration = step.startedAt
			? clock(((step.finishedAt ? Date.parse(step.finishedAt) : now) - Date.parse(step.startedAt)) / 1000)
			: '';
		const marker = `${index === selected ? '▸' : ' '}${index === next ? '→' : ' '}`;
		// A step that finished with warnings says so on its row: the one the operator must read is not only in the log.
		const warnings = step.warnings && step.status !== 'running' ? ` ${step.warnings} WARN` : '';
		const text = `${marker}${stepGlyph[step.status]} ${step.id.padEnd(15)} ${stepWord[step.status].padEnd(7)} ${duration}${warnings}`;
		// A running step turns a spinner where its glyph stands (the word `running` and the clock stay).
		lines.push({
			key: step.id,
			text: fit(text, width),
			color: warnings && step.status === 'succeeded' ? 'yellow' : stepColor[step.status],
			inverse: index === selected && focused,
			bold: index === next,
			spinner: step.status === 'running',
		});
		const nodes = Object.entries(step.nodes);
		const showNodes = nodes.length > 0 && (index === selected || step.status === 'running' || step.status === 'failed');
		if (showNodes) {
			// As many rows as the nodes need, while spare rows last; the last row then counts the nodes not shown.
			const rows = nodeRows(
				nodes.map(([host, status]) => `${host} ${stepGlyph[status]}`),
				width - 4,
				spare - extra,
			);
			for (const [part, row] of rows.entries())
				lines.push({key: `${step.id}-nodes-${part}`, text: fit(`    ${row}`, width), color: 'gray'});
			extra += rows.length;
		}
		if (step.progress && step.status === 'running' && extra < spare) {
			extra += 1;
			const percent = step.progress.total > 0 ? Math.floor((step.progress.done / step.progress.total) * 100) : 100;
			lines.push({
				key: `${step.id}-progress`,
				text: fit(`    ${percent}% of ${Math.round(step.progress.total / 1_048_576)} MiB`, width),
				color: 'gray',
			});
		}
	});
	return (
		<Box flexDirection="column" width={width} height={height}>
			{lines.slice(0, height).map(line => (
				<Text key={line.key} color={line.color} bold={line.bold} inverse={line.inverse} wrap="truncate">
					{line.spinner ? (
						<>
							{line.text.slice(0, 2)}
							<RunningSign pulse={pulse} />
							{line.text.slice(3)}
						</>
					) : (
						line.text
					)}
				</Text>
			))}
		</Box>
	);
}

/**
 * The nodes' states in at most `limit` rows no wider than `width`; when they do not all fit, the last
 * row ends with `+N more (n)` so that no node disappears without a word (the node view has them all).
 */
function nodeRows(items: readonly string[], width: number, limit: number): string[] {
	if (limit <= 0) return [];
	const rows = packRows(items, width);
	if (rows.length <= limit) return rows;
	for (let shown = items.length - 1; shown >= 0; shown -= 1) {
		const more = `+${items.length - shown} more (n)`;
		const packed = packRows([...items.slice(0, shown), more], width);
		if (packed.length <= limit) return packed;
	}
	return [fit(`+${items.length} nodes (n)`, width)];
}

/** Items joined by spaces into rows no wider than `width`. */
function packRows(items: readonly string[], width: number): string[] {
	const rows: string[] = [];
	for (const item of items) {
		const last = rows.at(-1);
		if (last !== undefined && cells(last) + 1 + cells(item) <= width) rows[rows.length - 1] = `${last} ${item}`;
		else rows.push(item);
	}
	return rows;
}

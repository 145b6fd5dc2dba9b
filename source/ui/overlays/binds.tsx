import {Box, Text} from 'ink';
import {compareBinds, parseBind} from '../../domain/binds.js';
import type {NodeView} from '../../store/panel-state.js';
import {fit} from '../glyphs.js';

export type BindsProps = {
	readonly nodes: readonly NodeView[];
	readonly width: number;
	readonly height: number;
};

/** Old against new mounts per node; `≠` marks a difference, `=` a bind carried over exactly. */
export function Binds({nodes, width, height}: BindsProps) {
	const inner = width - 4;
	const lines: Array<{key: string; text: string; color?: string; bold?: boolean}> = [{key: 'title', text: 'Mount binds: old container → new container · esc closes', bold: true}];
	for (const node of nodes) {
		lines.push({key: node.host, text: `${node.host}  ${node.oldContainer} → ${node.newContainer}${node.newBinds ? '' : ' (not created yet)'}`, bold: true});
		const differences = compareBinds(node.oldBinds.map(parseBind), (node.newBinds ?? []).map(parseBind));
		for (const difference of differences) {
			const same = node.newBinds === null ? ' ' : difference.same ? '=' : '≠';
			const source = (text: string | undefined) => (text ? parseBind(text).source : '(none)');
			lines.push({
				key: `${node.host}-${difference.target}`,
				text: `  ${same} ${difference.target}: ${source(difference.old)}${node.newBinds ? ` → ${source(difference.new)}` : ''}`,
				...(same === '≠' ? {color: 'red'} : {}),
			});
		}
	}
	return (
		<Box flexDirection="column" borderStyle="double" width={width} height={height} paddingX={1} overflow="hidden">
			{lines.slice(0, height - 2).map(line => (
				<Text key={line.key} color={line.color} bold={line.bold} wrap="truncate">
					{fit(line.text, inner)}
				</Text>
			))}
		</Box>
	);
}

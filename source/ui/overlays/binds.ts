import {compareBinds, parseBind} from '../../domain/binds.js';
import type {NodeView} from '../../store/panel-state.js';
import type {ViewLine} from './scroll-view.js';

export const bindsTitle = 'Mount binds: old container → new container · esc closes';

/** Old against new mounts per node; `≠` marks a difference, `=` a bind carried over exactly. */
export function bindsLines(nodes: readonly NodeView[]): ViewLine[] {
	const lines: ViewLine[] = [];
	for (const node of nodes) {
		lines.push({
			text: `${node.host}  ${node.oldContainer} → ${node.newContainer}${node.newBinds ? '' : ' (not created yet)'}`,
			bold: true,
		});
		lines.push(...nodeBindLines(node));
	}
	return lines;
}

/** One node's binds, target by target. */
export function nodeBindLines(node: NodeView): ViewLine[] {
	const differences = compareBinds(node.oldBinds.map(parseBind), (node.newBinds ?? []).map(parseBind));
	const source = (text: string | undefined) => (text ? parseBind(text).source : '(none)');
	return differences.map(difference => {
		const same = node.newBinds === null ? ' ' : difference.same ? '=' : '≠';
		return {
			text: `  ${same} ${difference.target}: ${source(difference.old)}${node.newBinds ? ` → ${source(difference.new)}` : ''}`,
			indent: 6,
			...(same === '≠' ? {color: 'red'} : {}),
		};
	});
}

import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {cells, cutCells, padCells} from '../../source/ui/cells.js';
import {fit} from '../../source/ui/glyphs.js';
import {logText} from '../../source/ui/log-pane.js';
import {nodeRow} from '../../source/ui/node-grid.js';
import {hangingWrap, wrapText} from '../../source/ui/wrap.js';
import {nodeView, panelStore, recordingController, renderPanel} from '../helpers/panel.js';

/** A region as OMS is mostly run (config.yaml's cm_region_cn) and a line of docker_init.sh in Chinese. */
const region = '华东一区（杭州）';
const initLine =
	'[信息] 正在初始化 OMS 元数据库 oms_cm_hb_1，请勿中断；已创建 42 张表，正在写入初始配置，预计还需 3 分钟';

/** Where each character of a box border (│ ┌ ┐ └ ┘) stands on the screen, in cells. */
function borderColumns(line: string): number[] {
	const columns: number[] = [];
	let at = 0;
	for (const character of line) {
		if ('│┌┐└┘'.includes(character)) columns.push(at);
		at += stringWidth(character);
	}
	return columns;
}

/** The rest of a screen line from a cell on. */
function fromCell(line: string, cell: number): string {
	let at = 0;
	let index = 0;
	for (const character of line) {
		if (at >= cell) break;
		at += stringWidth(character);
		index += character.length;
	}
	return line.slice(index);
}

describe('text measured in terminal cells', () => {
	it('counts a Chinese character as two cells, ASCII as one', () => {
		expect(cells('hangzhou')).toBe(8);
		expect(cells(region)).toBe(16);
		expect(cells('✓ ONLINE')).toBe(8);
	});

	it('cuts and pads by cells, never splitting a wide character', () => {
		expect(cutCells('华东一区', 5)).toBe('华东');
		expect(cutCells('ab华东', 3)).toBe('ab');
		expect(padCells('华东', 6)).toBe('华东  ');
		expect(fit(region, 9)).toBe('华东一区…');
		expect(fit('hangzhou', 5)).toBe('hang…');
		expect(cells(fit(initLine, 40))).toBeLessThanOrEqual(40);
	});

	it('wraps Chinese text into rows no wider than the width, dropping nothing', () => {
		for (const width of [10, 21, 40, 71]) {
			const rows = wrapText(initLine, width);
			expect(Math.max(...rows.map(cells))).toBeLessThanOrEqual(width);
			expect(rows.join('').replaceAll(' ', '')).toBe(initLine.replaceAll(' ', ''));
		}
		expect(wrapText('华东一区 杭州', 8)).toEqual(['华东一区', '杭州']);
		// A wide character in a one-cell row still moves on (no endless loop): it takes a row of its own.
		expect(wrapText('华东', 1)).toEqual(['华', '东']);
		const hung = hangingWrap(
			logText({at: '2026-11-24T16:05:00.000Z', step: 'init', node: '10.0.0.2', level: 'info', text: initLine}),
			38,
			9,
		);
		expect(Math.max(...hung.map(cells))).toBeLessThanOrEqual(38);
		expect(hung.slice(1).every(row => row.startsWith(' '.repeat(9)))).toBe(true);
	});

	it('lines up the one-row-per-node grid by cells when regions are Chinese', () => {
		const nodes = [nodeView('10.0.0.2', {region}), nodeView('10.0.0.3', {region: 'hangzhou'})];
		const rows = nodes.map((node, index) =>
			nodeRow(node, 8, Math.max(...nodes.map(each => cells(each.region))), index === 0, null),
		);
		const oldAt = rows.map(row => cells(row.slice(0, row.indexOf(' old '))));
		expect(oldAt[0]).toBe(oldAt[1]);
	});
});

describe('the panel at 80×24 with a Chinese region and a Chinese log line', () => {
	for (const wrap of [false, true]) {
		it(`keeps every line within 80 cells and the card borders in line (${wrap ? 'lines wrapped' : 'lines cut'})`, () => {
			const store = panelStore({
				nodes: [nodeView('10.0.0.2', {region}), nodeView('10.0.0.3', {region: '华南', initBy: '10.0.0.2'})],
				wrap,
			});
			store.getState().note(initLine);
			store.setState({logRevision: store.log.appended, message: `init 在 ${region} 失败：${initLine}`});
			const {frame, unmount} = renderPanel(store, recordingController(), {columns: 80, rows: 24});
			const lines = frame().split('\n');
			expect(lines).toHaveLength(23);
			for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
			// The two cards side by side: every row of them has its four borders at the same cells.
			const cardRows = lines.filter(line => /^[│┌└]/.test(line));
			expect(cardRows).toHaveLength(8);
			for (const line of cardRows) expect(borderColumns(line)).toEqual([0, 39, 40, 79]);
			expect(frame()).toContain(`│10.0.0.2 · ${region}`);
			// The log pane under its title (from cell 33, right of the 33-cell step list): the line cut with …, or
			// wrapped over
			// rows with nothing lost.
			const pane = lines.slice(11, 22).map(line => fromCell(line, 33));
			if (wrap) expect(pane.join('').replaceAll(' ', '')).toContain(initLine.replaceAll(' ', ''));
			else expect(pane[0]).toMatch(/^\d\d:\d\d:\d\d \[信息\] 正在初始化 OMS 元数据库 oms_c…$/);
			// The footer is the terminal's width exactly, in cells: inverse video from edge to edge.
			expect(stringWidth(lines.at(-1) ?? '')).toBe(80);
			unmount();
		});
	}
});

import {renderToString} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Footer} from '../../source/ui/footer.js';
import {Header} from '../../source/ui/header.js';
import {LogPane} from '../../source/ui/log-pane.js';
import type {PanelState} from '../../source/store/panel-state.js';
import {healthText, NodeCard} from '../../source/ui/node-card.js';
import {HaTable, haColumns, haRows} from '../../source/ui/overlays/ha-table.js';
import {sinceT1} from '../../source/ui/reference.js';
import {StepList} from '../../source/ui/step-list.js';
import {nodeView, stepViews, stripAnsi} from '../helpers/panel.js';

const frame = (element: React.ReactElement) => stripAnsi(render(element).lastFrame() ?? '');

describe('Header', () => {
	it('names the plan, versions and MetaDB, and runs the downtime clock from T1', () => {
		expect(
			frame(
				<Header
					name="hz-prod"
					from="4.2.8-CE"
					to="4.2.9-CE"
					metadb="u@10.0.0.10:2883"
					ha="off (disabled for the upgrade)"
					elapsedSec={312}
					downtimeSec={62}
					downtimeDone={false}
					width={100}
				/>,
			),
		).toBe(
			'oms-upgrade · hz-prod · 4.2.8-CE → 4.2.9-CE · MetaDB u@10.0.0.10:2883\nHA off (disabled for the upgrade) · elapsed 5:12 · downtime 1:02',
		);
		expect(
			frame(
				<Header
					name="p"
					from="a"
					to="b"
					metadb="m"
					ha="on"
					elapsedSec={3725}
					downtimeSec={null}
					downtimeDone={false}
					width={100}
				/>,
			).split('\n')[1],
		).toBe('HA on · elapsed 1:02:05 · downtime not started');
		expect(
			frame(
				<Header name="p" from="a" to="b" metadb="m" ha="on" elapsedSec={0} downtimeSec={90} downtimeDone width={100} />,
			).split('\n')[1],
		).toBe('HA on · elapsed 0:00 · downtime 1:30 (ended)');
	});
});

describe('NodeCard', () => {
	it('shows host, region, old and new containers, image, init, host_status, heartbeat age and the link', () => {
		const lines = frame(
			<NodeCard
				node={nodeView('10.0.0.2', {imageStaged: true, init: 'succeeded', newState: 'running', oldState: 'exited'})}
				width={30}
			/>,
		).split('\n');
		expect(lines).toEqual([
			'┌────────────────────────────┐',
			'│10.0.0.2 · hangzhou         │',
			'│old oms_428 exited          │',
			'│new oms_428_429 running     │',
			'│image ✓ · init ✓            │',
			'│ONLINE · heartbeat 2s       │',
			'│docker: direct              │',
			'└────────────────────────────┘',
		]);
	});

	it("shows how the node's SSH connection stands", () => {
		const line = (ssh: 'connected' | 'reconnecting' | 'lost') =>
			frame(<NodeCard node={nodeView('10.0.0.2', {ssh})} width={26} />).split('\n')[6];
		expect([line('connected'), line('reconnecting'), line('lost')]).toEqual([
			'│✓ ssh: connected        │',
			'│◐ ssh: reconnecting     │',
			'│✗ ssh: lost             │',
		]);
	});

	it('says when the engine stops answering, and when a region peer runs init', () => {
		const lines = frame(
			<NodeCard node={nodeView('10.0.0.3', {reachable: false, initBy: '10.0.0.2'})} width={26} />,
		).split('\n');
		expect(lines.slice(4, 6)).toEqual(['│image ○ · init peer     │', '│✗ engine not answering  │']);
		// Narrow (5 nodes at 80 columns): "hb", so the age and "stale" are never the part cut off.
		expect(frame(<NodeCard node={nodeView('10.0.0.3', {heartbeatAgeSec: 12345})} width={26} />).split('\n')[5]).toBe(
			'│ONLINE · hb 12345s      │',
		);
		expect(
			frame(<NodeCard node={nodeView('10.0.0.3', {heartbeatAgeSec: 9})} width={26} sinceT1Sec={10} />).split('\n')[5],
		).toBe('│ONLINE · hb 9s stale    │');
		expect(frame(<NodeCard node={nodeView('10.0.0.3', {heartbeatAgeSec: 9})} width={26} />).split('\n')[5]).toBe(
			'│ONLINE · heartbeat 9s   │',
		);
	});

	it('marks a heartbeat from before T1 as stale and never shows a bare ONLINE without a running container', () => {
		const stopped = nodeView('10.0.0.2', {oldState: 'exited', newState: 'absent', heartbeatAgeSec: 28});
		expect(frame(<NodeCard node={stopped} width={47} sinceT1Sec={26} />).split('\n')[5]).toBe(
			'│ONLINE? no container up · heartbeat 28s stale│',
		);
		expect(healthText(stopped, 26)).toBe('ONLINE? no container up · heartbeat 28s stale');
		expect(healthText({...stopped, newState: 'running', heartbeatAgeSec: 3}, 26)).toBe('ONLINE · heartbeat 3s');
		expect(healthText({...stopped, newState: 'running', heartbeatAgeSec: 30}, 26)).toBe('ONLINE · heartbeat 30s stale'); // After a rollback restarted the old container, the new OMS's last beat (after T1, before that restart) is stale,
		// as rb-verify says; the old OMS's first beat after the restart is not.
		const restarted = {...stopped, oldState: 'running', heartbeatAgeSec: 12};
		expect(healthText({...restarted, beatBeforeStart: true}, 300)).toBe('ONLINE · heartbeat 12s stale');
		expect(healthText({...restarted, beatBeforeStart: false}, 300)).toBe('ONLINE · heartbeat 12s');
	});

	it('judges heartbeats against T1 from the stop until verify proved every node beats after its new start', () => {
		const t1 = '2026-01-01T00:00:00.000Z';
		const now = Date.parse(t1) + 10_000;
		const steps = (status: string) => [{id: 'verify', status}] as unknown as PanelState['steps'];
		expect(sinceT1({t1: null, now, mode: 'upgrade', steps: steps('pending')})).toBeNull();
		expect(sinceT1({t1, now, mode: 'upgrade', steps: steps('running')})).toBe(10);
		// A new container that beat once within seconds of T1 and not since (a busy node) is not the old OMS's.
		expect(sinceT1({t1, now, mode: 'upgrade', steps: steps('succeeded')})).toBeNull();
		expect(sinceT1({t1, now, mode: 'rollback', steps: steps('succeeded')})).toBe(10);
	});
});

describe('StepList', () => {
	it('marks every state with a glyph and a word, the next step with →, and shows durations and node sub-states', () => {
		const steps = stepViews('upgrade', {
			preflight: 'succeeded',
			'stage-image': 'succeeded',
			'disable-ha': 'failed',
		}).map(step =>
			step.id === 'preflight'
				? {...step, startedAt: '2026-11-24T16:00:00Z', finishedAt: '2026-11-24T16:00:04Z'}
				: step.id === 'stage-image'
					? {...step, nodes: {'10.0.0.2': 'succeeded' as const, '10.0.0.3': 'succeeded' as const}}
					: step,
		);
		const lines = frame(
			<StepList
				title="Upgrade steps"
				steps={steps}
				selected={1}
				next={2}
				focused={false}
				width={40}
				height={14}
				now={0}
			/>,
		).split('\n');
		expect(lines.slice(0, 6).map(line => line.trimEnd())).toEqual([
			'Upgrade steps',
			'  ✓ preflight       done    0:04',
			'▸ ✓ stage-image     done',
			'    10.0.0.2 ✓ 10.0.0.3 ✓',
			' →✗ disable-ha      FAILED',
			'  ○ stop-old        pending',
		]);
	});
});

describe('LogPane', () => {
	const lines = Array.from({length: 30}, (_, index) => ({
		at: `2026-11-24T16:00:${String(index).padStart(2, '0')}Z`,
		step: 'backup',
		node: null,
		level: 'info' as const,
		text: `line ${index}`,
	}));
	/** The pane of the backup step's 30 lines, 60 columns wide and wrapping, as `view` sets it; its rows. */
	const pane = (view: {
		follow: boolean;
		scroll: number;
		filter: string;
		filtering: boolean;
		focused: boolean;
		height: number;
	}) => frame(<LogPane source="backup" lines={lines} wrap width={60} {...view} />).split('\n');

	it('follows the newest lines', () => {
		const shown = pane({follow: true, scroll: 0, filter: '', filtering: false, focused: false, height: 4});
		expect(shown).toEqual(['Log · backup · following', '16:00:27 line 27', '16:00:28 line 28', '16:00:29 line 29']);
	});

	it('pauses where the operator scrolled and says how much is below; shows the filter', () => {
		const shown = pane({follow: false, scroll: 5, filter: 'line', filtering: true, focused: true, height: 3});
		// The focused pane marks the line enter opens: the bottom one, where the scroll stopped.
		expect(shown).toEqual([
			'Log ◂ · backup · paused, 5 newer below · filter /line▏ · en…',
			' 16:00:23 line 23',
			'▸16:00:24 line 24',
		]);
	});

	it('scrolled to the top (g), fills the pane with the newer lines below the oldest', () => {
		const shown = pane({follow: false, scroll: 29, filter: '', filtering: false, focused: true, height: 4});
		expect(shown).toEqual([
			'Log ◂ · backup · paused, 27 newer below · enter opens ▸ who…',
			'▸16:00:00 line 0',
			' 16:00:01 line 1',
			' 16:00:02 line 2',
		]);
	});
});

describe('HaTable', () => {
	it("keeps the guide's three columns and three rows word for word where it fits", () => {
		// Wide enough that no cell wraps: each of the guide's rows is one line holding its three cells in order.
		const lines = stripAnsi(renderToString(<HaTable width={600} height={40} />, {columns: 600}))
			.split('\n')
			.map(line => line.replaceAll(/[║]/g, '').replaceAll(/\s+/g, ' ').trim());
		expect(lines).toContain(haColumns.join(' '));
		for (const row of haRows) expect(lines).toContain(row.join(' '));
	});

	it('uses the short wording on an 80-column terminal and never draws past its width', () => {
		const lines = frame(<HaTable width={80} height={20} />).split('\n');
		expect(lines.join('\n')).toContain('Before the upgrade');
		expect(lines.join('\n')).toContain('Suspended (Incr-Sync');
		expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(80);
	});
});

describe('StepList while a step runs', () => {
	it('turns a spinner where the glyph stands, a frame per pulse of the store, and keeps the word and the clock', async () => {
		const steps = stepViews('upgrade').map(step =>
			step.id === 'backup' ? {...step, status: 'running' as const, startedAt: '2026-11-24T16:00:00Z'} : step,
		);
		const list = (pulse: number) => (
			<StepList
				title="Upgrade steps"
				steps={steps}
				selected={0}
				next={5}
				focused={false}
				width={40}
				height={12}
				now={Date.parse('2026-11-24T16:01:05Z')}
				pulse={pulse}
			/>
		);
		const instance = render(list(0));
		const row = () =>
			stripAnsi(instance.lastFrame() ?? '')
				.split('\n')
				.find(line => line.includes('backup'))!;
		const frames: string[] = [];
		for (let pulse = 0; pulse < 7; pulse += 1) {
			instance.rerender(list(pulse));
			await new Promise(resolve => setTimeout(resolve, 5));
			frames.push(row().slice(2, 3));
		}
		// One frame per pulse, in ink-spinner's order for the arc, round again after the sixth.
		expect(frames).toEqual(['◜', '◠', '◝', '◞', '◡', '◟', '◜']);
		// No timer of its own: with no pulse, the sign stays.
		await new Promise(resolve => setTimeout(resolve, 250));
		expect(row().slice(2, 3)).toBe('◜');
		expect(row()).toMatch(/^ →. backup +running 1:05$/);
		instance.unmount();
	});
});

describe('the footer', () => {
	const hints =
		'enter line · a all · R retry · X rollback · n node · ? help · q quit · m message · s summary · d downtime';
	it('shows the hints that fit whole, never a key cut from its word', () => {
		for (const width of [40, 60, 80, 100]) {
			const line = stripAnsi(
				renderToString(<Footer message={null} hints={hints} whole={false} width={width} />, {columns: width}),
			);
			expect(line, `${width}`).not.toContain('…');
			const shown = line.trimEnd();
			expect(hints.startsWith(shown), `${width}: ${shown}`).toBe(true);
			expect(hints.slice(shown.length).startsWith(' · ') || shown === hints, `${width}: ${shown}`).toBe(true);
		}
		expect(
			stripAnsi(
				renderToString(<Footer message={null} hints={hints} whole={false} width={120} />, {columns: 120}),
			).trimEnd(),
		).toBe(hints);
	});
});

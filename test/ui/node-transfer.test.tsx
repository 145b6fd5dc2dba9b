import {renderToString} from 'ink';
import {describe, expect, it} from 'vitest';
import type {EngineEvent} from '../../source/domain/events.js';
import {App} from '../../source/ui/app.js';
import {transferText} from '../../source/ui/transfer-text.js';
import {nodeView, panelStore, recordingController, renderPanel, stripAnsi} from '../helpers/panel.js';

const MiB = 1_048_576;
const at = '2026-11-24T16:04:00.000Z';
const hosts = ['10.0.0.2', '10.0.0.3', '10.0.0.4'];

const progress = (node: string, doneMiB: number, rateMiB: number | null, etaSec: number | null): EngineEvent => ({
	type: 'progress',
	at,
	step: 'stage-image',
	node,
	done: doneMiB * MiB,
	total: 2310 * MiB,
	unit: 'bytes',
	rate: rateMiB === null ? null : rateMiB * MiB,
	etaSec,
});

/** The image line of each card (the fourth line of the card row), without the borders. */
const imageCards = (frame: string) =>
	frame
		.split('\n')[6]!
		.split('││')
		.map(card => card.replaceAll('│', '').trimEnd());

/** Three nodes' cards part-way through stage-image, as the panel store gets it from the engine. */
function staging() {
	const store = panelStore({nodes: hosts.map(host => nodeView(host))});
	const {applyEvent} = store.getState();
	applyEvent({type: 'step-started', at, step: 'stage-image', node: null});
	applyEvent(progress('10.0.0.2', 812, 94, 16));
	applyEvent(progress('10.0.0.3', 0, null, null));
	applyEvent(progress('10.0.0.4', 2310, 90, 0));
	store.setState({now: Date.parse('2026-11-24T16:05:00Z')});
	return store;
}

const tick = () => new Promise(resolve => setTimeout(resolve, 30));

describe('a node card while its image is staged', () => {
	it("follows the engine's progress events live, and goes back to the image mark when the node's stage finishes (80 columns)", async () => {
		const store = staging();
		const panel = renderPanel(store, recordingController(), {columns: 80, rows: 24});
		await tick();
		expect(imageCards(panel.frame())).toEqual([
			'812/2310M 94M/s ETA 16s',
			'0/2310M …M/s ETA …',
			'2310/2310M 90M/s ETA 0s',
		]);
		store.getState().applyEvent(progress('10.0.0.2', 1003, 95, 14));
		await tick();
		expect(imageCards(panel.frame())[0]).toBe('1003/2310M 95M/s ETA 14s');
		store.getState().applyEvent({
			type: 'step-finished',
			at,
			step: 'stage-image',
			node: '10.0.0.4',
			status: 'succeeded',
			reason: 'loaded',
		});
		store
			.getState()
			.applyEvent({type: 'step-finished', at, step: 'stage-image', node: '10.0.0.3', status: 'failed', reason: 'lost'});
		await tick();
		expect(imageCards(panel.frame())).toEqual(['1003/2310M 95M/s ETA 14s', 'image ○ · init ○', 'image ✓ · init ○']);
		panel.unmount();
	});

	for (const [columns, rows, expected] of [
		[80, 24, ['812/2310M 94M/s ETA 16s', '0/2310M …M/s ETA …', '2310/2310M 90M/s ETA 0s']],
		[
			120,
			40,
			[
				'image 812/2,310 MiB 94 MiB/s ETA 16s',
				'image 0/2,310 MiB · … MiB/s · ETA …',
				'image 2,310/2,310 MiB 90 MiB/s ETA 0s',
			],
		],
	] as const) {
		it(`fits bytes done/total, rate and ETA in three cards at ${columns} columns`, () => {
			const frame = stripAnsi(
				renderToString(<App store={staging()} controller={recordingController()} size={{columns, rows}} />, {columns}),
			);
			expect(imageCards(frame)).toEqual(expected);
			expect(Math.max(...frame.split('\n').map(line => [...line].length))).toBeLessThanOrEqual(columns);
		});
	}
});

describe('transferText', () => {
	const transfer = {done: 812 * MiB, total: 2310 * MiB, rate: 94 * MiB, etaSec: 16};
	it('takes the longest form that fits', () => {
		expect(transferText(transfer, 60)).toBe('image 812/2,310 MiB · 94 MiB/s · ETA 16s');
		expect(transferText(transfer, 38)).toBe('image 812/2,310 MiB 94 MiB/s ETA 16s');
		expect(transferText(transfer, 30)).toBe('812/2,310 MiB 94 MiB/s ETA 16s');
		expect(transferText(transfer, 24)).toBe('812/2310M 94M/s ETA 16s');
		expect(transferText(transfer, 16)).toBe('35% 94M/s 16s');
		expect(transferText(transfer, 8)).toBe('35% ETA 16s');
	});

	it('shows slow links in MiB/s with a decimal, or KiB/s, and long ETAs in minutes', () => {
		expect(transferText({...transfer, rate: 2.5 * MiB, etaSec: 599}, 60)).toBe(
			'image 812/2,310 MiB · 2.5 MiB/s · ETA 9m59s',
		);
		expect(transferText({...transfer, rate: 300 * 1024, etaSec: 5113}, 60)).toBe(
			'image 812/2,310 MiB · 300 KiB/s · ETA 1h25m',
		);
	});
});

describe('a node row (nodes past what fits as cards)', () => {
	it('shows the transfer in its image column while the image is sent, and ✓ once staged', async () => {
		const {nodeRow} = await import('../../source/ui/node-grid.js');
		const sending = {
			...nodeView('10.0.0.2'),
			imageStaged: false,
			transfer: {done: 812 * MiB, total: 2310 * MiB, rate: 94 * MiB, etaSec: 16},
		};
		expect(nodeRow(sending, 8, 8, false, null)).toContain('img 35% 94M/s 16s init');
		expect(nodeRow({...sending, transfer: null, imageStaged: true}, 8, 8, false, null)).toContain('img ✓ init');
	});
});

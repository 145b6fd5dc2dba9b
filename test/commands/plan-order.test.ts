import {describe, expect, it} from 'vitest';
import {inNodeOrder} from '../../source/commands/plan-steps.js';
import type {Action} from '../../source/steps/step-types.js';

const docker = (node: string, text: string): Action => ({node, kind: 'docker', text});
const cluster = (text: string): Action => ({node: null, kind: 'operator', text});

describe('inNodeOrder', () => {
	it('lists parallel node writes by the plan order of the nodes, each node keeping its own order', () => {
		const recorded = [
			cluster('asks'),
			docker('10.0.0.3', 'create 3'),
			docker('10.0.0.2', 'create 2'),
			docker('10.0.0.3', 'start 3'),
			docker('10.0.0.4', 'create 4'),
			docker('10.0.0.2', 'start 2'),
			docker('10.0.0.4', 'start 4'),
		];
		expect(inNodeOrder(recorded, ['10.0.0.2', '10.0.0.3', '10.0.0.4']).map(action => action.text)).toEqual([
			'asks',
			'create 2',
			'start 2',
			'create 3',
			'start 3',
			'create 4',
			'start 4',
		]);
	});

	it('never moves a node action across an action of the whole cluster', () => {
		const recorded = [
			docker('10.0.0.3', 'stop 3'),
			cluster('restore'),
			docker('10.0.0.2', 'start 2'),
			docker('10.0.0.3', 'start 3'),
		];
		expect(inNodeOrder(recorded, ['10.0.0.2', '10.0.0.3']).map(action => action.text)).toEqual([
			'stop 3',
			'restore',
			'start 2',
			'start 3',
		]);
	});
});

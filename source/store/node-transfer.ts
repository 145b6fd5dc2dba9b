import type {EngineEvent} from '../domain/events.js';
import type {NodeTransfer, NodeView} from './panel-state.js';

type ProgressEvent = Extract<EngineEvent, {type: 'progress'}>;

/** The node cards after a (coalesced) progress event: the node's transfer, for its card's bytes, rate and ETA line. */
export function withTransfer(nodes: readonly NodeView[], event: ProgressEvent): NodeView[] {
	const transfer: NodeTransfer = {
		done: event.done,
		total: event.total,
		rate: event.rate ?? null,
		etaSec: event.etaSec ?? null,
	};
	return nodes.map(node => (node.host === event.node ? {...node, transfer} : node));
}

import {resolve} from 'node:path';
import type {CliArgs} from '../cli-args.js';
import {discoverLive} from '../app/discovery.js';
import type {Discovery} from '../config/discover-cluster.js';
import {loadPlan} from '../config/load-plan.js';

/** Plan file → discovery, shared by every command that looks at the cluster. */
export async function loadAndDiscover(args: CliArgs): Promise<Discovery> {
	const plan = await loadPlan(resolve(args.config));
	return discoverLive(plan);
}

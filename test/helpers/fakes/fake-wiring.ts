import type {AppWiring} from '../../../source/app/wiring.js';
import type {Journal} from '../../../source/domain/journal-types.js';
import {fakeAttempts} from './fake-attempts.js';
import type {FakeCluster} from './fake-cluster.js';

/**
 * The commands' wiring over a fake cluster: its plan, its journal as last saved, its discovery and ports; one operator
 * (no lock).
 */
export function fakeWiring(
	cluster: FakeCluster,
	journal: () => Journal | undefined = () => cluster.saved.at(-1),
): AppWiring {
	return {
		loadPlan: async () => cluster.model.plan,
		readJournal: async () => {
			const saved = journal();
			return saved && !cluster.archived.includes(saved.attempt) ? structuredClone(saved) : undefined;
		},
		discover: () => cluster.discoverNow(),
		ports: () => cluster.ports,
		preflight: cluster.ports.preflight,
		lock: async () => ({release: async () => undefined}),
		lockState: async () => 'none',
		clock: () => new Date('2026-11-25T03:00:00Z'),
		attempts: () => fakeAttempts(cluster),
	};
}

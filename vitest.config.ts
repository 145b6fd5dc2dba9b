import {defineConfig} from 'vitest/config';

/**
 * Three kinds of tests. `unit`: pure logic, the panel, and the engine over fake ports: milliseconds
 * each, run in parallel. `explore`: the model-based explorer over the fake cluster, and the tests that
 * prove it finds what a missing rule lets through (seconds to a minute each). `lab`: a real MariaDB,
 * dockerd, sshd or tmux on this machine, run one file at a time (they share ports and CPU). `npm test`
 * runs all three.
 */
const lab = [
	'test/integration/**/*.test.ts',
	'test/adapters/defaults-file.test.ts',
	'test/adapters/metadb-lease.test.ts',
	'test/adapters/run-lock-frozen.test.ts',
	'test/steps/privilege-check.test.ts',
	'test/lab/lab-lib.test.ts',
	'test/lab/ob-proxy.test.ts',
];

const explore = ['test/engine/explorer.test.ts', 'test/engine/explorer-finds.test.ts'];

export default defineConfig({
	test: {
		projects: [
			{test: {name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: [...lab, ...explore], testTimeout: 60_000, pool: 'threads', maxWorkers: 4}},
			{test: {name: 'explore', include: explore, testTimeout: 300_000, pool: 'threads', maxWorkers: 2}},
			{test: {name: 'lab', include: lab, fileParallelism: false, testTimeout: 180_000, hookTimeout: 900_000}},
		],
	},
});

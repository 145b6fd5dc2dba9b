import {defineConfig} from 'vitest/config';

/**
 * Two kinds of tests. `unit`: pure logic, the panel, and the engine over fake ports (the explorer
 * among them): milliseconds each, run in parallel. `lab`: a real MariaDB, dockerd, sshd or tmux on
 * this machine, run one file at a time (they share ports and CPU). `npm test` runs both.
 */
const lab = [
	'test/integration/**/*.test.ts',
	'test/adapters/defaults-file.test.ts',
	'test/adapters/metadb-lease.test.ts',
	'test/steps/privilege-check.test.ts',
	'test/lab/lab-lib.test.ts',
	'test/lab/ob-proxy.test.ts',
];

export default defineConfig({
	test: {
		projects: [
			{test: {name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: lab, testTimeout: 60_000, pool: 'threads', maxWorkers: 4}},
			{test: {name: 'lab', include: lab, fileParallelism: false, testTimeout: 180_000, hookTimeout: 900_000}},
		],
	},
});

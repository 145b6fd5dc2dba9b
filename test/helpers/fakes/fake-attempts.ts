import {basename} from 'node:path';
import {isDumpFile} from '../../../source/domain/dump-command.js';
import {eventLine} from '../../../source/domain/event-text.js';
import type {Journal} from '../../../source/domain/journal-types.js';
import type {AttemptsPort} from '../../../source/ports/attempts-port.js';
import type {FakeCluster} from './fake-cluster.js';

/**
 * The workdir's attempts over a fake cluster: each attempt's last saved journal (journal.json's is the
 * last one not archived), the dumps, reports and run logs its in-memory files and run log hold.
 */
export function fakeAttempts(cluster: FakeCluster): AttemptsPort {
	const workdir = cluster.model.plan.workdir;
	const underBackups = (attempt: string) =>
		[...cluster.files.keys()].filter(file => file.startsWith(`${workdir}/backups/${attempt}/`));
	return {
		journals: async () => {
			const last = new Map<string, Journal>();
			for (const journal of cluster.saved) last.set(journal.attempt, journal);
			return [...last.values()].map(journal => ({
				journal: structuredClone(journal),
				open: !cluster.archived.includes(journal.attempt),
			}));
		},
		dumps: async () => {
			const attempts = new Set(
				[...cluster.files.keys()].flatMap(file => /\/backups\/([^/]+)\//.exec(file.slice(workdir.length))?.[1] ?? []),
			);
			return [...attempts].sort().map(attempt => {
				const files = underBackups(attempt);
				return {
					attempt,
					directory: `${workdir}/backups/${attempt}`,
					dumps: files.filter(file => isDumpFile(basename(file))).length,
					bytes: files.reduce((sum, file) => sum + Buffer.byteLength(cluster.files.get(file)!), 0),
				};
			});
		},
		report: async attempt => {
			const file = `${workdir}/reports/${attempt}.json`;
			const text = cluster.files.get(file);
			return text === undefined ? undefined : {file, content: JSON.parse(text) as unknown};
		},
		logs: async attempt => [
			...new Set(
				cluster.runLog.flatMap(({attempt: of, event}) =>
					of === attempt && event.type === 'run-started' ? [event.logFile] : [],
				),
			),
		],
		// The lines the run log of that run would hold: its events from its run-started on, as the run log writes them.
		readLog: async file => {
			const lines: string[] = [];
			let current: string | undefined;
			for (const {event} of cluster.runLog) {
				if (event.type === 'run-started') current = event.logFile;
				const line = current === file ? eventLine(event) : undefined;
				if (line !== undefined) lines.push(`${event.at} ${line.slice(9)}`);
			}
			return lines.map(line => `${line}\n`).join('');
		},
		removeDumps: async attempt => {
			let freed = 0;
			for (const file of underBackups(attempt)) {
				freed += Buffer.byteLength(cluster.files.get(file)!);
				cluster.files.delete(file);
			}
			return freed;
		},
	};
}

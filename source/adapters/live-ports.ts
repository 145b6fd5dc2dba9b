import type {UpgradeModel} from '../config/resolve-plan.js';
import type {RunPorts} from '../ports/run-ports.js';
import {archiveJournal, saveJournal} from './journal-file.js';
import {openRunLog, runLogFile} from './run-log.js';
import {readStepLines} from './run-log-reader.js';
import {localDumps} from './local-dumps.js';
import {livePreflight} from './preflight-ports.js';
import {Metadb} from './metadb.js';
import {workdirFiles} from './workdir-files.js';

/** The ports of a real run: the MetaDB through mysql2, the local MySQL clients, the workdir on disk. */
export function livePorts(model: UpgradeModel): RunPorts {
	return {
		connectMetadb: () => Metadb.connect(model.metadb),
		preflight: livePreflight,
		dumps: localDumps(model.metadb),
		files: workdirFiles,
		journal: {
			save: journal => saveJournal(model.plan.workdir, journal),
			archive: async attempt => {
				await archiveJournal(model.plan.workdir, attempt);
			},
		},
		openRunLog: (attempt, runId, bus) => openRunLog(runLogFile(model.plan.workdir, attempt, runId), bus),
		readStepLines: (attempt, step, node) => readStepLines(model.plan.workdir, step, node, 400, attempt),
	};
}

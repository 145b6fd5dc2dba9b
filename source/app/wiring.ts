import {resolve} from 'node:path';
import {attemptFiles} from '../adapters/attempt-files.js';
import {ownJournal} from '../adapters/journal-file.js';
import {livePorts} from '../adapters/live-ports.js';
import {livePreflight} from '../adapters/preflight-ports.js';
import {acquireRunLock, runLockState} from '../adapters/run-lock.js';
import type {Discovery} from '../config/discover-cluster.js';
import {loadPlan} from '../config/load-plan.js';
import type {Plan} from '../config/plan-types.js';
import type {UpgradeModel} from '../config/resolve-plan.js';
import type {Journal} from '../domain/journal-types.js';
import type {AttemptsPort} from '../ports/attempts-port.js';
import type {PreflightPort} from '../ports/preflight-port.js';
import type {RunPorts} from '../ports/run-ports.js';
import {discoverLive} from './discovery.js';

/**
 * What the commands are wired to: the plan file, the journal, discovery, the run's ports, the checks'
 * port, the locks and the clock. The one place the live adapters come together; the tests hand the
 * commands a wiring over the fake cluster, so `check`, `plan`, `run`, `rollback` and `status` run in
 * milliseconds on the same code.
 */
export type AppWiring = {
	readonly loadPlan: (file: string) => Promise<Plan>;
	readonly readJournal: (plan: Plan) => Promise<Journal | undefined>;
	readonly discover: (plan: Plan) => Promise<Discovery>;
	readonly ports: (model: UpgradeModel) => RunPorts;
	readonly preflight: PreflightPort;
	readonly lock: (
		plan: Plan,
		command: string,
		model: UpgradeModel,
		log: (text: string) => void,
	) => Promise<{readonly release: () => Promise<void>}>;
	/** Whether the run the journal says is running still lives (its workdir lock). */
	readonly lockState: (plan: Plan) => Promise<'alive' | 'gone' | 'elsewhere' | 'none'>;
	/** When a new attempt begins (its id). */
	readonly clock: () => Date;
	/** The workdir's attempts: journals, reports, logs and dumps (`history`). */
	readonly attempts: (plan: Plan) => AttemptsPort;
};

export const liveWiring: AppWiring = {
	loadPlan: file => loadPlan(resolve(file)),
	readJournal: ownJournal,
	discover: discoverLive,
	ports: livePorts,
	preflight: livePreflight,
	lock: (plan, command, model, log) => acquireRunLock(plan.workdir, command, model.metadb, model.rmDb, {log}),
	lockState: plan => runLockState(plan.workdir),
	clock: () => new Date(),
	attempts: plan => attemptFiles(plan.workdir),
};

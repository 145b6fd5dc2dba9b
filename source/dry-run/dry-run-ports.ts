import type {UpgradeModel} from '../config/resolve-plan.js';
import type {RunPorts} from '../ports/run-ports.js';
import {recordingDocker} from './recording-docker.js';
import {recordingDumps, recordingFiles} from './recording-files.js';
import {recordingMetadb, type MetadbOverlay} from './recording-metadb.js';
import type {Recorder} from './recorder.js';

/**
 * kubeadm's dry-run client for the whole run: the same model and ports, with every write recorded in
 * `recorder` instead of performed. The journal and the run log stay in memory. Reads go to the live
 * cluster, so what the steps decide is what a real run would decide now.
 */
export function dryRunPorts(
	model: UpgradeModel,
	live: RunPorts,
	recorder: Recorder,
): {model: UpgradeModel; ports: RunPorts} {
	const files = new Map<string, string>();
	const overlay: MetadbOverlay = {ha: undefined, started: new Set()};
	const liveFiles = live.files;
	const packageImageId = async () => {
		const file = model.plan.target.package;
		return file ? liveFiles.packageImageId(file, model.plan.target.image).catch(() => undefined) : undefined;
	};
	return {
		model: {
			...model,
			nodes: model.nodes.map(node => ({
				...node,
				engine: recordingDocker(node.engine, model, recorder, overlay.started, packageImageId),
			})),
		},
		ports: {
			connectMetadb: async () => recordingMetadb(await live.connectMetadb(), model, recorder, overlay),
			// The preflight checks only read: they go to the live machine and MetaDB as they are.
			preflight: live.preflight,
			dumps: recordingDumps(model.metadb, recorder, files),
			files: recordingFiles(live.files, recorder, files),
			journal: {
				save: async () => undefined,
				archive: async attempt => recorder.record(null, 'file', `rename journal.json to journal.${attempt}.json`),
			},
			openRunLog: async () => ({file: '(none: a dry run writes no log)', close: async () => undefined}),
			readStepLines: live.readStepLines,
		},
	};
}

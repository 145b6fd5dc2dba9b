import {spawnSync} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {keptReportsDirectory, labDown, labDownSummary, labWorkdir} from '../../source/lab/lab.js';
import {writeLabState, type LabState} from '../../source/lab/lab-state.js';
import {labTopology} from '../../source/lab/topology.js';

let parent: string;
let directory: string;
/** A pid that was a process and is gone: lab down finds nothing to stop by it. */
const gonePid = () => spawnSync('true').pid;

beforeEach(async () => {
	parent = await mkdtemp(join(tmpdir(), 'oms-lab-down-'));
	directory = join(parent, 'lab');
});
afterEach(async () => {
	await rm(parent, {recursive: true, force: true});
});

function labState(options: {proxy?: boolean; sshd?: boolean} = {}): LabState {
	const topology = labTopology({nodes: 2, regions: 1, from: '4.2.8-CE', to: '4.2.9-CE', versionRow: true});
	return {
		directory,
		topology,
		metadb: {
			pid: 101,
			port: 3307,
			serverPort: 3306,
			socket: join(directory, 'metadb', 'mysqld.sock'),
			user: 'oms_meta_user',
			account: 'oms_meta_user',
			password: 'secret',
			dataDir: join(directory, 'metadb', 'data'),
			flavour: options.proxy ? 'ob' : 'mariadb',
			grants: 'pattern',
			proxyPid: options.proxy ? 102 : null,
		},
		engines: topology.nodes.map(node => ({
			pid: 200 + node.index,
			socket: join(directory, `node${node.index + 1}`, 'engine', 'docker.sock'),
			directory: join(directory, `node${node.index + 1}`, 'engine'),
		})),
		transport: options.sshd === false ? 'tcp' : 'ssh',
		sshds:
			options.sshd === false
				? []
				: topology.nodes.map(node => ({pid: 300 + node.index, address: node.host, port: 22}) as never),
		planFile: join(directory, 'oms-upgrade.yaml'),
		packageFile: join(directory, 'oms_4.2.9-ce.tar.gz'),
		createdAt: '2026-12-06T03:04:05.678Z',
	};
}

describe('what lab down says it deletes', () => {
	it('names each node’s containers, dockerd and sshd, the MetaDB and its proxy, the rehearsal workdir and the rest', () => {
		expect(labDownSummary(labState({proxy: true}), true, undefined)).toEqual([
			`lab down in ${directory} stops and deletes:`,
			'  127.0.0.2: every container of its dockerd (oms_428 and what a rehearsal created), dockerd pid 200 and its images, sshd pid 300',
			'  127.0.0.3: every container of its dockerd (oms_428 and what a rehearsal created), dockerd pid 201 and its images, sshd pid 301',
			'  the MetaDB: mariadbd pid 101 and the OBProxy stand-in pid 102, its databases (oms_rm, oms_cm, …) and data dir',
			`  the rehearsal workdir ${join(directory, 'oms-upgrade-lab')}: its report.json, run logs, journals and dumps (--keep-reports keeps them)`,
			`  everything else under ${directory}: the plan, the package, the nodes' files, ssh keys, the lab's logs`,
		]);
	});

	it('says where --keep-reports keeps the rehearsal workdir, and when there is none', () => {
		const kept = keptReportsDirectory(labState());
		expect(kept).toBe(join(parent, 'lab-reports', '2026-12-06T03-04-05-678Z'));
		expect(labDownSummary(labState({sshd: false}), true, kept)).toContain(
			`  not the rehearsal workdir (reports, run logs, journals, dumps): --keep-reports moves it to ${kept}`,
		);
		expect(labDownSummary(labState({sshd: false}), false, undefined)).toContain(
			`  no rehearsal workdir (${labWorkdir(directory)} does not exist: nothing was run on this lab)`,
		);
		expect(labDownSummary(labState({sshd: false}), true, undefined)[1]).toBe(
			'  127.0.0.2: every container of its dockerd (oms_428 and what a rehearsal created), dockerd pid 200 and its images',
		);
		// A tcp lab has no sshd and so no ssh keys.
		expect(labDownSummary(labState({sshd: false}), true, undefined).at(-1)).toBe(
			`  everything else under ${directory}: the plan, the package, the nodes' files, the lab's logs`,
		);
	});
});

describe('lab down of a lab whose daemons are gone', () => {
	async function writeLab(): Promise<LabState> {
		const base = labState({sshd: false});
		const state = {
			...base,
			metadb: {...base.metadb, pid: gonePid()},
			engines: base.engines.map(engine => ({...engine, pid: gonePid()})),
		};
		await mkdir(join(labWorkdir(directory), 'logs'), {recursive: true});
		await mkdir(join(directory, 'metadb', 'data'), {recursive: true});
		await writeFile(join(labWorkdir(directory), 'report.json'), '{"outcome":"succeeded"}\n');
		await writeFile(join(labWorkdir(directory), 'logs', 'run-1.log'), 'run\n');
		await writeFile(join(directory, 'oms-upgrade.yaml'), 'name: lab\n');
		await writeLabState(state);
		return state;
	}

	it('removes the whole lab dir, saying so first', async () => {
		await writeLab();
		const said: string[] = [];
		expect(await labDown(directory, {onProgress: line => said.push(line)})).toEqual({keptIn: undefined});
		expect(said[0]).toBe(`lab down in ${directory} stops and deletes:`);
		expect(await readdir(parent)).toEqual([]);
	});

	it('with --keep-reports moves the rehearsal workdir beside the lab dir and removes the rest', async () => {
		const state = await writeLab();
		const kept = keptReportsDirectory(state);
		expect(await labDown(directory, {keepReports: true})).toEqual({keptIn: kept});
		expect((await readdir(parent)).sort()).toEqual(['lab-reports']);
		expect(await readFile(join(kept, 'report.json'), 'utf8')).toBe('{"outcome":"succeeded"}\n');
		expect(await readFile(join(kept, 'logs', 'run-1.log'), 'utf8')).toBe('run\n');
	});

	it('is nothing to do where there is no lab', async () => {
		expect(await labDown(directory, {keepReports: true})).toBeUndefined();
	});
});

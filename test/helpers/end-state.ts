import {createHash} from 'node:crypto';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {expect} from 'vitest';
import type {Lab} from './lab-fixture.js';

/** The end states the guide demands after an upgrade and after a rollback, on a lab of any size. */

export type NodeContainer = {readonly name: string; readonly state: string; readonly image: string};

/** A node's containers, by name. */
export async function containersOf(lab: Lab, index: number): Promise<NodeContainer[]> {
	const listed = await lab.docker(index).listContainers({all: true});
	return listed
		.map(c => ({name: c.Names[0]!.slice(1), state: c.State, image: c.Image}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const haConfig = async (lab: Lab) =>
	String(
		(await lab.sql<{v: string}>("SELECT cfg_value AS v FROM oms_rm.oms_normal_config WHERE cfg_name = 'ha.config'"))[0]!
			.v,
	);

/** The MetaDB's databases the backup dumps: rm, cm and one heartbeat database per region. */
export const dumpedDatabases = (lab: Lab) =>
	['oms_cm', ...lab.state.topology.regions.map(region => region.heartbeatDb), 'oms_rm'].sort();

/** The first node of each region: where init runs, once per region. */
export const initNodes = (lab: Lab) => lab.state.topology.regions.map(region => region.nodeHosts[0]!);

/** Checks the attempt's manifest: one dump per database, each complete and matching its size and sha256. */
export async function expectVerifiedDumps(lab: Lab, workdir: string, attempt: string): Promise<void> {
	const manifest = JSON.parse(await readFile(join(workdir, 'backups', attempt, 'manifest.json'), 'utf8')) as {
		backups: Array<{database: string; file: string; bytes: number; sha256: string}>;
	};
	expect(manifest.backups.map(entry => entry.database).sort()).toEqual(dumpedDatabases(lab));
	for (const entry of manifest.backups) {
		expect(entry.file).toBe(`backups/${attempt}/${entry.database}.sql`);
		const text = await readFile(join(workdir, entry.file));
		expect(text.byteLength, entry.file).toBe(entry.bytes);
		expect(text.toString('utf8').trimEnd().split('\n').at(-1), entry.file).toMatch(/^-- Dump completed/);
		expect(createHash('sha256').update(text).digest('hex'), entry.file).toBe(entry.sha256);
	}
}

/** The 0600 MetaDB defaults files (they hold the password) anywhere below the workdir. */
export async function defaultsFiles(workdir: string): Promise<string[]> {
	const entries = await readdir(workdir, {recursive: true, withFileTypes: true}).catch(() => []);
	return entries
		.filter(entry => entry.isFile() && /^\.metadb-[0-9a-f]+\.cnf$/.test(entry.name))
		.map(entry => join(entry.parentPath, entry.name));
}

/** The old container's binds, own env and privileged flag are the new container's, with IS_UPGRADE=true. */
export async function expectSameSpec(lab: Lab, index: number, oldName: string, newName: string): Promise<void> {
	const old = await lab.docker(index).getContainer(oldName).inspect();
	const fresh = await lab.docker(index).getContainer(newName).inspect();
	expect(fresh.HostConfig.Binds).toEqual(old.HostConfig.Binds);
	expect(fresh.HostConfig.Privileged).toBe(old.HostConfig.Privileged);
	expect(fresh.HostConfig.NetworkMode).toBe('host');
	// What the old container's own env set (not its image's) is carried over as it was.
	const imageEnv = new Set((await lab.docker(index).getImage(old.Config.Image).inspect()).Config.Env ?? []);
	const ownEnv = old.Config.Env.filter(entry => !imageEnv.has(entry));
	expect(ownEnv.length).toBeGreaterThan(0);
	expect(fresh.Config.Env).toEqual(expect.arrayContaining(ownEnv));
	expect(fresh.Config.Env).toEqual(
		expect.arrayContaining([`OMS_HOST_IP=${lab.state.topology.nodes[index]!.host}`, 'IS_UPGRADE=true']),
	);
}

type Journal = {attempt: string; steps: Record<string, {status: string; nodes: Record<string, {status: string}>}>};

/**
 * The upgraded cluster: one new container per node beside the old one, init once per region, verified dumps, HA on with
 * the keys found. Returns the attempt.
 */
export async function expectUpgraded(lab: Lab, workdir: string, haBefore: string): Promise<string> {
	const hosts = lab.state.topology.nodes.map(node => node.host);
	for (const index of hosts.keys()) {
		expect(await containersOf(lab, index), hosts[index]).toEqual([
			{name: 'oms_428', state: 'exited', image: 'oms:feature_4.2.8-ce'},
			{name: 'oms_428_429', state: 'running', image: 'oms:feature_4.2.9-ce'},
		]);
		await expectSameSpec(lab, index, 'oms_428', 'oms_428_429');
	}
	expect(await lab.sql('SELECT version FROM oms_rm.oms_version ORDER BY version')).toEqual([
		{version: '4.2.8-CE'},
		{version: '4.2.9-CE'},
	]);
	expect(JSON.parse(await haConfig(lab))).toEqual({
		...JSON.parse(haBefore),
		enable: true,
		perceiveStoreClientCheckpoint: true,
	});
	expect(await lab.sql('SELECT ip, host_status FROM oms_cm.host ORDER BY INET_ATON(ip)')).toEqual(
		hosts.map(ip => ({ip, host_status: 'ONLINE'})),
	);
	const journal = JSON.parse(await readFile(join(workdir, 'journal.json'), 'utf8')) as Journal;
	expect(Object.keys(journal.steps.init!.nodes).sort()).toEqual(initNodes(lab).sort());
	expect(Object.values(journal.steps).map(step => step.status)).toEqual(Array(10).fill('succeeded'));
	await expectVerifiedDumps(lab, workdir, journal.attempt);
	expect(await readdir(join(workdir, 'backups'))).toEqual([journal.attempt]);
	expect(await defaultsFiles(workdir)).toEqual([]);
	return journal.attempt;
}

/**
 * Rolled back: the old containers running, the new ones kept under the attempt's name, the guide's version row, and
 * ha.config as found with HA on under the guide's rule over the old OMS's outage (the lab's plan says perceive).
 */
export async function expectRolledBack(lab: Lab, workdir: string, haBefore: string, attempt: string): Promise<void> {
	const hosts = lab.state.topology.nodes.map(node => node.host);
	for (const index of hosts.keys()) {
		expect(await containersOf(lab, index), hosts[index]).toEqual([
			{name: 'oms_428', state: 'running', image: 'oms:feature_4.2.8-ce'},
			{name: `oms_428_429-${attempt}`, state: 'exited', image: 'oms:feature_4.2.9-ce'},
		]);
	}
	expect(JSON.parse(await haConfig(lab))).toEqual({...JSON.parse(haBefore), perceiveStoreClientCheckpoint: true});
	expect(await lab.sql('SELECT version FROM oms_rm.oms_version')).toEqual([{version: '4.2.8-CE'}]);
	expect(await lab.sql('SELECT ip, host_status FROM oms_cm.host ORDER BY INET_ATON(ip)')).toEqual(
		hosts.map(ip => ({ip, host_status: 'ONLINE'})),
	);
	await expectVerifiedDumps(lab, workdir, attempt);
	expect(await defaultsFiles(workdir)).toEqual([]);
	const report = JSON.parse(await readFile(join(workdir, 'report.json'), 'utf8')) as {
		outcome: string;
		attempt: string;
		nodes: Array<{keptAs: string}>;
	};
	expect(report).toMatchObject({outcome: 'rolled-back', attempt});
	expect(report.nodes.map(node => node.keptAs)).toEqual(hosts.map(() => `oms_428_429-${attempt}`));
}

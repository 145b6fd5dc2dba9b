import type {Discovery} from '../../../source/config/discover-cluster.js';
import type {Plan} from '../../../source/config/plan-types.js';
import type {NodeModel, UpgradeModel} from '../../../source/config/resolve-plan.js';
import {newContainerSpec} from '../../../source/domain/container-spec.js';
import type {Journal} from '../../../source/domain/journal-types.js';
import type {EngineEvent} from '../../../source/domain/events.js';
import type {RunPorts} from '../../../source/ports/run-ports.js';
import {discover} from '../../../source/config/discover-cluster.js';
import type {DiscoveryPorts} from '../../../source/ports/discovery-port.js';
import {stringify} from 'yaml';
import {CallLog} from './fake-calls.js';
import {FakeDocker} from './fake-docker.js';
import {fakeDumps, fakeFiles, fakeJournal} from './fake-files.js';
import {FakeMetadb, type MetadbState} from './fake-metadb.js';

export const targetImage = 'oms:feature_4.2.9-ce';
export const packageId = 'sha256:4290000000000000000000000000000000000000000000000000000000000000';
const binds = [
	'/data/oms/config.yaml:/home/admin/conf/config.yaml',
	'/data/oms/logs:/home/admin/logs',
	'/data/oms/store:/home/ds/store',
	'/data/oms/run:/home/ds/run',
];

/**
 * A whole OMS cluster in memory behind the ports: engines, MetaDB, MySQL clients, workdir, journal.
 * Every call is logged (`log`), and any one of them can be made to fail or to interrupt the run.
 */
export class FakeCluster {
	readonly log = new CallLog();
	readonly files = new Map<string, string>();
	readonly restored: string[] = [];
	readonly saved: Journal[] = [];
	readonly archived: string[] = [];
	/** Every event of every run, with the attempt whose log it went to. */
	readonly runLog: {readonly attempt: string; readonly event: EngineEvent}[] = [];
	readonly engines: FakeDocker[];
	readonly metadbState: MetadbState;
	readonly sessions: FakeMetadb[] = [];
	readonly model: UpgradeModel;
	readonly heartbeatDbs: readonly string[];

	constructor(options: {nodes?: number; regions?: number; ha?: string; mode?: 'metadb' | 'manual'} = {}) {
		const hosts = Array.from({length: options.nodes ?? 2}, (_, index) => `10.0.0.${index + 2}`);
		// Nodes go to regions in turn; the first region keeps the single-region names (oms_cm_hb).
		const regionNames = ['hz', 'sh', 'bj', 'sz'].slice(0, options.regions ?? 1);
		const regionOf = (host: string) => regionNames[hosts.indexOf(host) % regionNames.length]!;
		const regions = regionNames.map((name, index) => {
			const members = hosts.filter(host => regionOf(host) === name);
			return {
				name,
				location: name,
				heartbeatDb: index === 0 ? 'oms_cm_hb' : `oms_cm_hb_${name}`,
				isDefault: index === 0,
				hosts: members,
				cmNodes: members,
				sameConfig: true,
			};
		});
		this.heartbeatDbs = regions.map(region => region.heartbeatDb);
		this.engines = hosts.map(host => {
			const engine = new FakeDocker(host, this.log, {reference: targetImage, id: packageId});
			engine.addContainer('oms_428', 'oms:feature_4.2.8-ce', {running: true, binds});
			return engine;
		});
		// Each node's config.yaml, as OMS writes it: the MetaDB, the databases, its region and the region's nodes.
		for (const engine of this.engines) {
			const region = regions.find(candidate => candidate.hosts.includes(engine.host))!;
			engine.configText = stringify({
				oms_meta_host: '127.0.0.1',
				oms_meta_port: 3306,
				oms_meta_user: 'oms',
				oms_meta_password: 'fake-secret',
				drc_rm_db: 'oms_rm',
				drc_cm_db: 'oms_cm',
				drc_cm_heartbeat_db: region.heartbeatDb,
				cm_url: `http://${region.hosts[0]}:8088`,
				cm_location: String(regions.indexOf(region)),
				cm_region: region.name,
				cm_region_cn: region.name,
				cm_is_default: region.isDefault,
				cm_nodes: region.hosts,
			});
		}
		this.metadbState = {
			ha: options.ha ?? '{"enable":true,"perceiveStoreClientCheckpoint":false,"refetchStoreIntervalMin":30}',
			versions: ['4.2.8-CE'],
			sequences: new Map(this.heartbeatDbs.map(db => [db, [1, 2, 3, 4]])),
			hostStatus: new Map(hosts.map(host => [host, 'ONLINE'])),
			running: () =>
				new Set(
					this.engines
						.filter(engine => [...engine.containers.values()].some(box => box.running))
						.map(engine => engine.host),
				),
			clock: 100,
			dropped: [],
			regions: regionNames,
		};
		const plan: Plan = {
			name: 'fake',
			file: '/fake/oms-upgrade.yaml',
			target: {version: '4.2.9-CE', image: targetImage, package: '/fake/oms_4.2.9-ce.tar.gz'},
			nodes: hosts.map(host => ({
				host,
				docker: `fake://${host}`,
				endpoint: {kind: 'unix', socketPath: '/fake.sock'},
				container: 'oms_428',
				newContainer: 'oms_428_429',
			})),
			workdir: '/fake/workdir',
			metadb: {},
			ha: {mode: options.mode ?? 'metadb', after: 'perceive', refetchMarginMin: 30},
			init: {minWaitSec: 0, timeoutSec: 60},
			verify: {timeoutSec: 5},
			tls: undefined,
			ssh: undefined,
			https: undefined,
			timeouts: {connectSec: 10, requestSec: 30, streamIdleSec: 120, metadbQuerySec: 60},
			privileged: true,
		};
		const nodes = this.engines.map((engine): NodeModel => ({
			host: engine.host,
			region: regionOf(engine.host),
			docker: engine.endpointText,
			engine,
			oldContainer: 'oms_428',
			oldImage: 'oms:feature_4.2.8-ce',
			oldBinds: binds,
			newContainer: 'oms_428_429',
			spec: newContainerSpec({
				name: 'oms_428_429',
				image: targetImage,
				host: engine.host,
				old: {binds, privileged: true},
				https: undefined,
				upgradeFrom: 'oms_428',
			}),
		}));
		this.model = {
			plan,
			from: '4.2.8-CE',
			to: '4.2.9-CE',
			metadb: {host: '127.0.0.1', port: 3306, user: 'oms', password: 'fake-secret'},
			rmDb: 'oms_rm',
			cmDb: 'oms_cm',
			regions,
			databases: ['oms_rm', 'oms_cm', ...this.heartbeatDbs],
			nodes,
			initTargets: regions.map(region => ({region: region.name, hosts: region.hosts.slice(0, 1)})),
			haFound: options.ha,
		};
	}

	/** Discovery's ports over this cluster: each node's fake engine, the fake MetaDB. */
	get discoveryPorts(): DiscoveryPorts {
		return {
			connectEngine: async host => this.engine(host),
			connectMetadb: async () =>
				new FakeMetadb(this.metadbState, this.log, {rm: 'oms_rm', cm: 'oms_cm', heartbeatDbs: this.heartbeatDbs}),
		};
	}

	/** The real discovery of this cluster, as every command starts with it. */
	discoverNow(): Promise<Discovery> {
		return discover(this.model.plan, this.discoveryPorts, {});
	}

	/** What discovery would have found (only what the runner loops read from it). */
	get discovery(): Discovery {
		return {plan: this.model.plan, meta: {versions: this.metadbState.versions}} as unknown as Discovery;
	}

	get ports(): RunPorts {
		return {
			connectMetadb: async () => {
				const session = new FakeMetadb(this.metadbState, this.log, {
					rm: 'oms_rm',
					cm: 'oms_cm',
					heartbeatDbs: this.heartbeatDbs,
				});
				this.sessions.push(session);
				return session;
			},
			preflight: {
				connectMetadb: async () =>
					new FakeMetadb(this.metadbState, this.log, {rm: 'oms_rm', cm: 'oms_cm', heartbeatDbs: this.heartbeatDbs}),
				inspectPackage: async () => ({
					repoTags: [this.model.plan.target.image],
					bytes: 1 << 20,
					unpackedBytes: 2 << 20,
				}),
				workdirSpace: async () => ({directory: '/fake', freeBytes: 2 ** 40}),
				clients: async () => ({
					dump: {name: 'mysqldump', version: 'fake mysqldump'},
					mysql: {name: 'mysql', version: 'fake mysql'},
				}),
			},
			dumps: fakeDumps(this.files, this.log, this.restored),
			files: fakeFiles(this.files, this.log, packageId),
			journal: fakeJournal(this.saved, this.log, this.archived),
			openRunLog: async (attempt, runId, bus) => {
				const unsubscribe = bus.subscribe(event => this.runLog.push({attempt, event}));
				return {file: `/fake/workdir/logs/${attempt}/${runId}.log`, close: async () => void unsubscribe()};
			},
			readStepLines: async (attempt, step, node) =>
				this.runLog.flatMap(({attempt: of, event}) =>
					of === attempt && event.type === 'log' && event.step === step && event.node === node
						? [{at: event.at, text: event.text}]
						: [],
				),
		};
	}

	engine(host: string): FakeDocker {
		return this.engines.find(engine => engine.host === host)!;
	}

	/** Every node's containers, `name:status`, for assertions. */
	containers(): string[] {
		return this.engines.map(
			engine => `${engine.host} ${[...engine.containers.values()].map(box => `${box.name}:${box.status}`).join(' ')}`,
		);
	}
}

// The upgrade guide (OMS CE 4.2.9) done by hand, scripted: its steps in its order, with plain ssh + docker,
// mysql and mysqldump commands over the lab's transport, one node after another as an operator logged in
// to each node does. HA is flipped with the SQL the console's System Parameters page amounts to. The
// guide's `sleep 300` before docker_init.sh is the plan's init.minWaitSec here, as the tool waits.
// Returns T1, T2 and each step's span (ms since the epoch).
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {must} from './lab.mjs';

const haSql = (from, to) => `UPDATE oms_normal_config SET cfg_value = REPLACE(cfg_value, '${from}', '${to}') WHERE cfg_name = 'ha.config'`;
const quote = text => `'${text.replace(/'/g, `'\\''`)}'`;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The guide on the lab; `minWaitSec` is the wait before init. */
export async function guideByHand(lab, {minWaitSec, newContainer = name => `${name}_429`, image = 'oms:feature_4.2.9-ce', say = () => {}}) {
	const {topology} = lab;
	const spans = [];
	const step = async (id, work) => {
		say(`by hand: ${id}`);
		const startedAt = Date.now();
		await work();
		spans.push({id, startedAt, finishedAt: Date.now()});
	};
	const nodes = topology.nodes;
	await step('disable-ha', () => lab.sql(haSql('"enable":true', '"enable":false'), topology.rmDb));
	const t1 = Date.now();
	await step('stop-old', async () => {
		for (const node of nodes) await lab.ssh(node.index, `docker stop ${node.container}`);
	});
	await step('clean-heartbeat', async () => {
		for (const region of topology.regions) await lab.sql('delete from heatbeat_sequence where id < (select max(id) from heatbeat_sequence)', region.heartbeatDb);
	});
	await step('backup', async () => {
		const directory = join(lab.base, 'guide-backup');
		mkdirSync(directory, {recursive: true});
		for (const database of lab.databases) {
			await must('sh', ['-c', `mysqldump --defaults-extra-file=${quote(lab.defaults)} --triggers=false ${database} > ${quote(join(directory, `${database}.sql`))} && test -s ${quote(join(directory, `${database}.sql`))}`]);
		}
	});
	await step('load-image', async () => {
		for (const node of nodes) await must('sh', ['-c', `ssh -F ${quote(join(lab.dir, 'ssh/config'))} oms-node-${node.index + 1} docker load < ${quote(lab.packageFile)}`]);
	});
	let startedNew = '';
	await step('start-new', async () => {
		startedNew = (await lab.sql('SELECT NOW()')).stdout.trim();
		for (const node of nodes) {
			const {stdout} = await lab.ssh(node.index, `docker inspect --format '{{json .HostConfig.Binds}} {{.HostConfig.Privileged}}' ${node.container}`);
			const [bindsJson, privileged] = stdout.trim().split(' ');
			const binds = JSON.parse(bindsJson).map(bind => `-v ${quote(bind)}`).join(' ');
			await lab.ssh(node.index, `docker run -dit --net host ${binds} -e OMS_HOST_IP=${node.host} -e IS_UPGRADE=true --privileged=${privileged} --pids-limit -1 --ulimit nproc=65535:65535 --name ${newContainer(node.container)} ${image}`);
		}
	});
	await step('init', async () => {
		await sleep(minWaitSec * 1000);
		for (const region of topology.regions) {
			const node = nodes.find(candidate => candidate.region === region.name);
			const {stdout} = await lab.ssh(node.index, `docker exec ${newContainer(node.container)} bash /root/docker_init.sh`);
			if (!stdout.includes('[Completed]')) throw new Error(`docker_init.sh on ${node.host} did not complete:\n${stdout}`);
		}
	});
	await step('verify', async () => {
		// The Servers page, refreshed every second: every server Online with a heartbeat since the start.
		for (;;) {
			const {stdout} = await lab.sql(`SELECT COUNT(*) FROM host WHERE host_status = 'ONLINE'`, topology.cmDb);
			const beats = await Promise.all(topology.regions.map(region => lab.sql(`SELECT COUNT(DISTINCT host_ip) FROM heart_beat WHERE gmt_modified > '${startedNew}'`, region.heartbeatDb)));
			const fresh = beats.reduce((sum, result) => sum + Number(result.stdout.trim()), 0);
			if (Number(stdout.trim()) >= nodes.length && fresh >= nodes.length) return;
			await sleep(1000);
		}
	});
	await step('enable-ha', async () => {
		await lab.sql(haSql('"enable":false', '"enable":true'), topology.rmDb);
		await lab.sql(haSql('"perceiveStoreClientCheckpoint":false', '"perceiveStoreClientCheckpoint":true'), topology.rmDb);
	});
	return {t1, t2: Date.now(), spans};
}

import {regionOf, type LabRegion, type LabTopology} from './topology.js';

/** The ha.config an OMS install holds with HA on: every documented key at its default, `enable` true. */
const labHaConfig = {
	enable: true,
	enableHost: false,
	enableStore: true,
	perceiveStoreClientCheckpoint: false,
	enableConnector: true,
	enableJdbcWriter: true,
	subtopicStoreNumberThreshold: 5,
	checkRequestIntervalSec: 600,
	checkJdbcWriterIntervalSec: 600,
	checkHostDownIntervalSec: 540,
	checkModuleExceptionIntervalSec: 240,
	clearAbnormalResourceHours: 72,
	refetchStoreIntervalMin: 30,
};

/** Rows in each heatbeat_sequence, so the cleanup step has real work (2^14). */
const sequenceDoublings = 14;

/** SQL (run as the MetaDB root) that creates the rm, cm and cm_hb databases an OMS install of `from` holds. */
export function seedSql(topology: LabTopology): string {
	const {rmDb: rm, cmDb: cm} = topology;
	const statements = [
		`CREATE DATABASE \`${rm}\``,
		`CREATE TABLE \`${rm}\`.oms_normal_config (id bigint AUTO_INCREMENT PRIMARY KEY, cfg_name varchar(128) NOT NULL UNIQUE,
			cfg_value text NOT NULL, gmt_modified timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)`,
		`INSERT INTO \`${rm}\`.oms_normal_config (cfg_name, cfg_value) VALUES
			('ha.config', '${JSON.stringify(labHaConfig)}'),
			('oms.console.language', 'en_US'),
			('store.globalConfig', '{"maxStoreNumber":100}')`,
		`CREATE TABLE \`${rm}\`.oms_version (version varchar(64) NOT NULL PRIMARY KEY,
			gmt_modified timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
		...(topology.versionRow ? [`INSERT INTO \`${rm}\`.oms_version (version) VALUES ('${topology.from}')`] : []),
		`CREATE TABLE \`${rm}\`.cluster_info (id bigint AUTO_INCREMENT PRIMARY KEY, region varchar(64) NOT NULL,
			cm_url varchar(256) NOT NULL, code int NOT NULL, is_default_cm tinyint NOT NULL)`,
		...topology.regions.map(
			region => `INSERT INTO \`${rm}\`.cluster_info (region, cm_url, code, is_default_cm) VALUES
				('${region.name}', 'http://${region.nodeHosts[0]}:8088', ${region.location}, ${region.isDefault ? 1 : 0})`,
		),
		`CREATE TABLE \`${rm}\`.project (id bigint AUTO_INCREMENT PRIMARY KEY, name varchar(128) NOT NULL,
			status varchar(32) NOT NULL, gmt_create timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
		`INSERT INTO \`${rm}\`.project (name, status) VALUES ('mysql_to_ob_orders', 'RUNNING'),
			('mysql_to_ob_users', 'SUSPEND'), ('ob_to_kafka_events', 'FAILED')`,
		`CREATE DATABASE \`${cm}\``,
		`CREATE TABLE \`${cm}\`.resource_group (id bigint AUTO_INCREMENT PRIMARY KEY, name varchar(64) NOT NULL UNIQUE)`,
		...topology.regions.map(region => `INSERT INTO \`${cm}\`.resource_group (name) VALUES ('${region.location}')`),
		`CREATE TABLE \`${cm}\`.host (id bigint AUTO_INCREMENT PRIMARY KEY, ip varchar(64) NOT NULL UNIQUE,
			host_status varchar(32) NOT NULL, resource_group_id bigint NOT NULL,
			gmt_modified timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
		...topology.nodes.map(node => {
			const {location} = regionOf(topology, node);
			return `INSERT INTO \`${cm}\`.host (ip, host_status, resource_group_id)
				SELECT '${node.host}', 'ONLINE', id FROM \`${cm}\`.resource_group WHERE name = '${location}'`;
		}),
		...topology.regions.flatMap(region => heartbeatDatabase(region)),
	];
	return statements.join(';\n') + ';';
}

function heartbeatDatabase(region: LabRegion): string[] {
	const db = region.heartbeatDb;
	return [
		`CREATE DATABASE \`${db}\``,
		`CREATE TABLE \`${db}\`.heart_beat (id bigint AUTO_INCREMENT PRIMARY KEY, task_name varchar(64) NOT NULL,
			host_ip varchar(64) NOT NULL, gmt_modified timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, UNIQUE KEY uk_task_host (task_name, host_ip))`,
		...region.nodeHosts.map(
			host =>
				`INSERT INTO \`${db}\`.heart_beat (task_name, host_ip, gmt_modified) VALUES ('supervisor', '${host}', NOW() - INTERVAL 1 HOUR)`,
		),
		`CREATE TABLE \`${db}\`.heatbeat_sequence (id bigint AUTO_INCREMENT PRIMARY KEY,
			gmt_create timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
		`INSERT INTO \`${db}\`.heatbeat_sequence (gmt_create) VALUES (NOW())`,
		...Array.from(
			{length: sequenceDoublings},
			() => `INSERT INTO \`${db}\`.heatbeat_sequence (gmt_create) SELECT gmt_create FROM \`${db}\`.heatbeat_sequence`,
		),
	];
}

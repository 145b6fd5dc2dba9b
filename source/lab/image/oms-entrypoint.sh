#!/bin/bash
# Emulated OMS container main process (rehearsal lab).
set -u
. /root/oms-lab-lib.sh
LOG=/home/admin/logs/oms-lab.log
HEARTBEAT_SEC=${OMS_LAB_HEARTBEAT_SEC:-2}
STALE_SEC=${OMS_LAB_STALE_SEC:-20}

log() { echo "$(date '+%Y-%m-%d %H:%M:%S') [oms $VERSION] $*" | tee -a "$LOG"; }
pause() { sleep "$1" & wait $!; }
trap 'log "received SIGTERM, stopping services"; exit 0' TERM INT

mkdir -p /home/admin/logs /home/ds/store /home/ds/run
date +%s > /tmp/oms-started-at
write_meta_cnf || { log "cannot start: $CONF is missing or not a file"; exit 1; }
HOST_IP=${OMS_HOST_IP:?OMS_HOST_IP must be set}
log "starting on $HOST_IP, metadb $(conf oms_meta_host):$(conf oms_meta_port), heartbeat database $HB_DB"

if [ "${IS_UPGRADE:-}" = "true" ]; then
	log "IS_UPGRADE=true: waiting for /root/docker_init.sh to bring the metadata to $VERSION"
	until [ "$(metadata_version)" = "$VERSION" ] && region_migrated; do pause 1; done
else
	found=$(metadata_version)
	if [ -n "$found" ] && [ "$(version_number "$found")" -ne "$(version_number "$VERSION")" ]; then
		log "[ERROR] the metadata is at $found but this image is $VERSION; upgrades need IS_UPGRADE=true and /root/docker_init.sh. Services not started."
		while true; do pause 60; done
	fi
fi

log "services started"
while true; do
	sql "INSERT INTO \`$HB_DB\`.heatbeat_sequence (gmt_create) VALUES (NOW());
		INSERT INTO \`$HB_DB\`.heart_beat (task_name, host_ip, gmt_modified) VALUES ('supervisor', '$HOST_IP', NOW())
			ON DUPLICATE KEY UPDATE gmt_modified = NOW();
		UPDATE \`$CM_DB\`.host SET host_status = 'ONLINE', gmt_modified = NOW() WHERE ip = '$HOST_IP' AND host_status <> 'ONLINE';
		UPDATE \`$CM_DB\`.host h JOIN \`$HB_DB\`.heart_beat b ON b.host_ip = h.ip AND b.task_name = 'supervisor'
			SET h.host_status = 'OFFLINE', h.gmt_modified = NOW()
			WHERE h.host_status = 'ONLINE' AND b.gmt_modified < NOW() - INTERVAL $STALE_SEC SECOND" \
		|| log "[WARN] heartbeat failed"
	pause "$HEARTBEAT_SEC"
done

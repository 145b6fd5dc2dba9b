#!/bin/bash
# Emulated /root/docker_init.sh (rehearsal lab): the metadata migration an OMS upgrade runs once per region.
set -u
. /root/oms-lab-lib.sh
STEP_SEC=${OMS_LAB_INIT_STEP_SEC:-0.5}
say() { echo "[$(date '+%H:%M:%S')] $*"; }
fail() { say "[ERROR] $*"; exit 1; }

write_meta_cnf || fail "$CONF is missing or not a file"
say "docker_init.sh: initializing OMS $VERSION metadata (IS_UPGRADE=${IS_UPGRADE:-false})"
say "[1/4] checking MetaDB $(conf oms_meta_host):$(conf oms_meta_port)"
sql "SELECT 1" > /dev/null || fail "cannot connect to the MetaDB"
found=$(metadata_version)
if [ -z "$found" ] || [ "$(version_number "$found")" -lt 40101 ]; then
	say "[ERROR] Version before 4.1.1 is not allowed to upgrade"
	exit 1
fi
say "metadata version before upgrade: $found"
sleep "$STEP_SEC"

say "[2/4] applying schema changes to $RM_DB, $CM_DB, $HB_DB"
sql "ALTER TABLE \`$RM_DB\`.oms_normal_config ADD COLUMN IF NOT EXISTS cfg_desc varchar(256) NULL;
	CREATE TABLE IF NOT EXISTS \`$CM_DB\`.host_label (id bigint AUTO_INCREMENT PRIMARY KEY, ip varchar(64) NOT NULL, label varchar(64) NOT NULL);
	ALTER TABLE \`$HB_DB\`.heart_beat ADD COLUMN IF NOT EXISTS module varchar(64) NULL" || fail "schema change failed"
sleep "$STEP_SEC"

# A rehearsal of the field's worst case: a statement fails, the script prints the client's error and goes
# on to exit 0 without completing. The line to print is the content of this file on the node's logs mount.
FAULT=/home/admin/logs/.lab-init-fault
if [ -s "$FAULT" ]; then
	cat "$FAULT"
	exit 0
fi

location=$(conf cm_location)
say "[3/4] registering cm_nodes of region $(conf cm_region) (cm_location $location)"
for ip in $(conf_list cm_nodes); do
	sql "INSERT INTO \`$CM_DB\`.host (ip, host_status, resource_group_id, gmt_modified)
		SELECT '$ip', 'OFFLINE', id, NOW() FROM \`$CM_DB\`.resource_group WHERE name = '$location'
		ON DUPLICATE KEY UPDATE resource_group_id = VALUES(resource_group_id)" || fail "cannot register $ip"
	say "registered $ip"
done
sleep "$STEP_SEC"

say "[4/4] recording version $VERSION"
sql "REPLACE INTO \`$RM_DB\`.oms_version (version) VALUES ('$VERSION')" || fail "cannot record the version"
say "[Completed] All initialization steps are executed"

# Shared by the emulated OMS scripts of the rehearsal lab. This is not OMS: it reproduces only what an
# upgrade can observe (config.yaml, MetaDB heartbeats, IS_UPGRADE, docker_init.sh, supervisorctl).
CONF=/home/admin/conf/config.yaml
VERSION=${OMS_IMAGE_VERSION:?the image sets OMS_IMAGE_VERSION}
META_CNF=/tmp/.oms-meta.cnf

# conf KEY: a scalar from config.yaml as YAML reads it: plain (a " #" starts a comment), 'single-quoted'
# ('' is a quote) or "double-quoted" (backslash escapes), so passwords may hold any character.
conf() {
	awk -v k="$1" '
		function scalar(v,    q, out, i, c) {
			q = substr(v, 1, 1)
			if (q != "\047" && q != "\"") { sub(/[ \t]+#.*$/, "", v); return v }
			out = ""
			for (i = 2; i <= length(v); i++) {
				c = substr(v, i, 1)
				if (c == q && q == "\047" && substr(v, i + 1, 1) == q) i++
				else if (c == q) break
				else if (c == "\\" && q == "\"") {
					i++; c = substr(v, i, 1)
					if (c == "n") c = "\n"; else if (c == "t") c = "\t"
				}
				out = out c
			}
			return out
		}
		index($0, k ":") == 1 { v = substr($0, length(k) + 2); gsub(/^[ \t]+|[ \t]+$/, "", v); print scalar(v); exit }' "$CONF"
}

# conf_list KEY: the items of a YAML block list (`key:` then `  - item` lines).
conf_list() {
	awk -v k="$1" '
		index($0, k ":") == 1 { on = 1; next }
		on && /^[ \t]*-[ \t]*/ { v = $0; sub(/^[ \t]*-[ \t]*/, "", v); gsub(/["\047 \t]/, "", v); print v; next }
		on { exit }' "$CONF"
}

# cnf_quote VALUE: an option-file value in double quotes, so `#`, `;`, quotes and edge spaces survive.
cnf_quote() {
	printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# The MySQL password goes to a 0600 defaults file, never onto a command line.
write_meta_cnf() {
	[ -f "$CONF" ] || { echo "[ERROR] $CONF is missing or not a file" >&2; return 1; }
	(umask 077; printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword=%s\n' \
		"$(cnf_quote "$(conf oms_meta_host)")" "$(conf oms_meta_port)" "$(cnf_quote "$(conf oms_meta_user)")" "$(cnf_quote "$(conf oms_meta_password)")" > "$META_CNF")
	RM_DB=$(conf drc_rm_db)
	CM_DB=$(conf drc_cm_db)
	HB_DB=$(conf drc_cm_heartbeat_db)
}

sql() {
	mariadb --defaults-extra-file="$META_CNF" --connect-timeout=5 -N -B -e "$1"
}

# version_number 4.2.8-CE → 40208, so versions compare as integers.
version_number() {
	local major minor patch rest
	IFS='.-' read -r major minor patch rest <<< "$1"
	echo $(( major * 10000 + minor * 100 + patch ))
}

# The highest version recorded in rm.oms_version, or nothing.
metadata_version() {
	local best=0 best_text='' v n
	while read -r v; do
		[ -n "$v" ] || continue
		n=$(version_number "$v")
		if [ "$n" -gt "$best" ]; then best=$n; best_text=$v; fi
	done < <(sql "SELECT version FROM \`$RM_DB\`.oms_version" 2>/dev/null)
	echo "$best_text"
}

# docker_init.sh migrates each region's heartbeat database itself (the `module` column): a node's
# services come up only once its own region's init has run.
region_migrated() {
	[ "$(sql "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '$HB_DB' AND table_name = 'heart_beat' AND column_name = 'module'" 2>/dev/null)" = "1" ]
}

#!/usr/bin/env bash
# The single executable as an operator uses it on a jump host: the file alone in an empty directory, a
# clean environment whose PATH has no node (only the MySQL clients, ssh and a shell), against a lab the
# file starts itself (lab up/down also get the lab's programs: dockerd, mariadbd, busybox, ...).
# Checks --version, plan, check, run, the console's first frame and rollback, then a lab with the
# OceanBase-style MetaDB (--metadb ob); fails on the first miss.
# Usage: test/release/smoke.sh [FILE]   (default release/oms-upgrade; root, like every lab)
set -euo pipefail
release=$(realpath "${1:-release/oms-upgrade}")
[ -x "$release" ] || { echo "smoke: no executable $release; run npm run release first" >&2; exit 2; }

work=$(mktemp -d /tmp/oms-smoke.XXXXXX)
jump="$work/jump" jump_bin="$work/jump-bin" lab_bin="$work/lab-bin"
mkdir -p "$jump" "$jump_bin" "$lab_bin" "$work/home"
cp "$release" "$jump/oms-upgrade"
cd "$jump"

# What the jump host has: the MySQL clients, the OpenSSH client, a shell. The lab adds its daemons (an sshd
# per node: the plan reaches the nodes over ssh) and image tools.
link() {
	local dir=$1 name
	shift
	for name in "$@"; do
		local path
		path=$(PATH="$PATH:/usr/sbin:/sbin" command -v "$name") || { echo "smoke: $name is not installed" >&2; exit 2; }
		ln -s "$path" "$dir/$name"
	done
}
link "$jump_bin" mysql mysqldump ssh ssh-keyscan ssh-keygen setpriv sh
link "$lab_bin" dockerd containerd containerd-shim-runc-v2 runc docker-proxy mariadbd mariadb-install-db \
	my_print_defaults resolveip mariadb busybox bash ldd tar umount awk cat chmod chown dirname find \
	hostname mkdir sed uname which rm sshd unshare mount ln
for bin in "$jump_bin" "$lab_bin"; do
	if PATH="$bin" command -v node >/dev/null; then echo "smoke: $bin has a node" >&2; exit 2; fi
done

on_jump_host() { env -i HOME="$work/home" PATH="$jump_bin" NO_COLOR=1 TERM=xterm-256color ./oms-upgrade "$@"; }
with_lab_tools() { env -i HOME="$work/home" PATH="$jump_bin:$lab_bin" NO_COLOR=1 ./oms-upgrade "$@"; }
tmux_socket="$work/tmux.sock"
cleanup() {
	local status=$?
	tmux -S "$tmux_socket" kill-server 2>/dev/null || true
	for lab in lab lab-ob; do
		with_lab_tools lab down --dir "$lab" >/dev/null || echo "smoke: lab down failed; the lab is in $jump/$lab" >&2
	done
	if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "smoke: FAILED; files kept in $work" >&2; fi
}
trap cleanup EXIT

started=$SECONDS
step() { printf 'smoke [%3ds] %s\n' $((SECONDS - started)) "$*"; }
expect() { # expect LABEL EXPECTED_EXIT COMMAND...: runs it, keeps its output in $out
	local label=$1 expected=$2 status=0
	shift 2
	out=$("$@" 2>&1) || status=$?
	if [ "$status" -ne "$expected" ]; then
		printf 'smoke: %s exited %s, expected %s; output:\n%s\n' "$label" "$status" "$expected" "$out" >&2
		exit 1
	fi
	# Node's own warnings (an experimental feature, a require the executable cannot serve) start so.
	if grep -q '^(node:[0-9]*)' <<<"$out"; then printf 'smoke: %s printed a Node.js warning:\n%s\n' "$label" "$out" >&2; exit 1; fi
}
contains() { # contains LABEL TEXT: $out must contain TEXT
	grep -qF -- "$2" <<<"$out" || { printf 'smoke: %s did not print "%s"; output:\n%s\n' "$1" "$2" "$out" >&2; exit 1; }
}

step "--version"
expect --version 0 on_jump_host --version
grep -qE '^oms-upgrade [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{7,}(-dirty)?, single executable, Node\.js v[0-9.]+\)$' <<<"$out" ||
	{ echo "smoke: --version printed: $out" >&2; exit 1; }
echo "  $out"
# The bundle's code cache, made at release from the console's first frame, is the one V8 uses here.
expect "--version (code cache)" 0 env OMS_UPGRADE_CODE_CACHE=show ./oms-upgrade --version
contains "--version (code cache)" "code cache accepted"

step "lab up (3 nodes, 2 regions)"
expect "lab up" 0 with_lab_tools lab up --dir lab --nodes 3 --regions 2
contains "lab up" "lab up in $jump/lab"
plan=lab/oms-upgrade.yaml

step plan
expect plan 0 on_jump_host plan -c "$plan"
for id in preflight stage-image disable-ha stop-old clean-heartbeat backup start-new init verify enable-ha; do contains plan "$id"; done

step check
expect check 0 on_jump_host check -c "$plan"

step "console: first frame, then q"
tmux -S "$tmux_socket" -f /dev/null new-session -d -x 120 -y 40 \
	"env -i HOME=$work/home PATH=$jump_bin TERM=xterm-256color ./oms-upgrade console -c $plan; echo \"console exited \$?\"; sleep 60"
frame=""
for _ in $(seq 600); do
	frame=$(tmux -S "$tmux_socket" capture-pane -p)
	grep -qE 'ONLINE · heartbeat [0-9]+s' <<<"$frame" && break
	sleep 0.1
done
grep -qF 'oms-upgrade · lab · 4.2.8-CE → 4.2.9-CE' <<<"$frame" && grep -qE 'ONLINE · heartbeat' <<<"$frame" ||
	{ printf 'smoke: the console never drew its panel; screen:\n%s\n' "$frame" >&2; exit 1; }
tmux -S "$tmux_socket" send-keys q
for _ in $(seq 100); do
	frame=$(tmux -S "$tmux_socket" capture-pane -p)
	grep -q 'console exited' <<<"$frame" && break
	sleep 0.1
done
grep -qF 'console exited 0' <<<"$frame" || { printf 'smoke: q did not end the console; screen:\n%s\n' "$frame" >&2; exit 1; }
tmux -S "$tmux_socket" kill-server

step "run --yes"
expect run 0 on_jump_host run --yes -c "$plan"
report=$(cat lab/oms-upgrade-lab/report.json)
grep -qF '"outcome": "succeeded"' <<<"$report" || grep -qF '"outcome":"succeeded"' <<<"$report" ||
	{ printf 'smoke: report.json after run:\n%s\n' "$report" >&2; exit 1; }

step "status"
expect status 0 on_jump_host status -c "$plan"

step "rollback --yes"
expect rollback 0 on_jump_host rollback --yes -c "$plan"
report=$(cat lab/oms-upgrade-lab/report.json)
grep -qE '"outcome": ?"rolled-back"' <<<"$report" || { printf 'smoke: report.json after rollback:\n%s\n' "$report" >&2; exit 1; }

step "lab down"
expect "lab down" 0 with_lab_tools lab down --dir lab
contains "lab down" "stopped and removed"

# The OceanBase-style MetaDB: the OBProxy stand-in is a daemon the executable runs as itself.
step "lab up --metadb ob (1 node), check through the proxy, lab down"
expect "lab up --metadb ob" 0 with_lab_tools lab up --dir lab-ob --nodes 1 --metadb ob
contains "lab up --metadb ob" "behind the OBProxy stand-in"
expect "check (ob)" 0 on_jump_host check -c lab-ob/oms-upgrade.yaml
expect "lab down (ob)" 0 with_lab_tools lab down --dir lab-ob
contains "lab down (ob)" "stopped and removed"
trap - EXIT
rm -rf "$work"
step "passed: $(du -h "$release" | cut -f1) $release"

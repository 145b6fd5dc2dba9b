#!/usr/bin/env bash
# The npm package as a user installs it: `npm pack`, `npm install -g` into a temporary prefix, then from an
# empty directory: --version, and a lab (its image scripts come from the package) that plan and check use.
# Usage: test/release/package-smoke.sh   (root, like every lab; dependencies come from the npm cache or registry)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/oms-package.XXXXXX)
tool="$work/prefix/bin/oms-upgrade"
cleanup() {
	local status=$?
	if [ -x "$tool" ]; then (cd "$work/empty" && "$tool" lab down --dir lab >/dev/null) || echo "package smoke: lab down failed in $work/empty/lab" >&2; fi
	if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "package smoke: FAILED; files kept in $work" >&2; fi
}
trap cleanup EXIT
started=$SECONDS
step() { printf 'package smoke [%3ds] %s\n' $((SECONDS - started)) "$*"; }

step "npm pack"
tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
listing=$(tar -tzf "$work/$tarball")
for file in package/bin/oms-upgrade.js package/dist/cli.js package/dist/build-info.json package/source/lab/image/docker_init.sh; do
	grep -qxF "$file" <<<"$listing" || { echo "package smoke: $tarball lacks $file" >&2; exit 1; }
done

step "npm install -g --prefix (temporary)"
npm install -g --prefix "$work/prefix" --prefer-offline --no-audit --no-fund --loglevel=error "$work/$tarball" >/dev/null

mkdir "$work/empty" && cd "$work/empty"
export NO_COLOR=1
step "--version"
version=$("$tool" --version)
grep -qE '^oms-upgrade [0-9.]+ \(commit [0-9a-f]{7,}(-dirty)?, npm package\)$' <<<"$version" || { echo "package smoke: --version printed: $version" >&2; exit 1; }
echo "  $version"

step "lab up"
"$tool" lab up --dir lab >/dev/null
step "plan, check"
"$tool" plan -c lab/oms-upgrade.yaml | grep -q 'enable-ha' || { echo "package smoke: plan shows no enable-ha step" >&2; exit 1; }
"$tool" check -c lab/oms-upgrade.yaml >/dev/null
step "lab down"
"$tool" lab down --dir lab | grep -q 'stopped and removed'
step passed

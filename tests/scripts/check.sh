#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every xenhv test: static checks, KUnit on the fake backend (QEMU TCG),
# and the real Hyper-V suites (nested QEMU). All KTAP goes through the
# kernel tree's kunit.py parse; the last line is "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/common.sh"
xh_need check

res="$XH_TOP/build/results"
rm -rf "$res"
mkdir -p "$res"
t0=$(date +%s)
step() { # step NAME SCRIPT
	local t=$(date +%s) rc=0
	echo "=== xenhv: $1" >&2
	# shellcheck disable=SC2086
	bash "$XH_TOP/tests/scripts/"$2 || rc=$?
	echo "=== xenhv: $1 done in $(($(date +%s) - t)) s (rc=$rc)" >&2
}
step "static checks (checkpatch, W=1, sparse)" lint.sh
step "KUnit suites on the fake backend (QEMU TCG)" run-kunit.sh
step "KUnit suites in the KCSAN kernel (QEMU TCG, 2 vCPUs)" "run-kunit.sh kcsan"
step "the engine in userspace (fuzz smoke, bench)" run-user.sh
step "packaging (headers matrix, in-tree, the .deb and DKMS in a clean root)" packaging.sh
step "real Hyper-V suites (nested QEMU: TCG+SVM -> KVM Hyper-V)" run-hv-tests.sh

logs=()
for f in lint.log kunit-serial.log kcsan.log user.log packaging.log hv-main.log kcsan-hv.log; do
	[ -f "$res/$f" ] && logs+=("$res/$f")
done
[ ${#logs[@]} -gt 0 ] || { : >"$res/empty.log"; logs=("$res/empty.log"); }
notes=()
if [ -f "$res/hv-versions.txt" ]; then
	while IFS= read -r line; do
		notes+=(--note "$line")
	done <"$res/hv-versions.txt"
fi
python3 "$XH_TOP/tests/scripts/ktap_collect.py" "$res/all.ktap" "${notes[@]}" \
	--expect "$XH_SUITES_ALL" \
	"${logs[@]}"
prc=0
xh_kunit_parse "$res/all.ktap" | tee "$res/parse.txt" || prc=$?

summary=$(grep "Testing complete" "$res/parse.txt" | tail -n 1)
num() { echo "$summary" | sed -n "s/.*$1: \([0-9]*\).*/\1/p"; }
passed=$(num passed); failed=$(num failed); crashed=$(num crashed); errors=$(num errors)
passed=${passed:-0}
failed=$(( ${failed:-0} + ${crashed:-0} + ${errors:-0} ))
if [ -z "$summary" ]; then
	echo "xenhv: kunit.py parse gave no summary (rc=$prc)" >&2
	failed=$((failed + 1))
fi
[ -f "$res/hv-versions.txt" ] && cat "$res/hv-versions.txt"
echo "xenhv: all tests took $(($(date +%s) - t0)) s; KTAP in $res/all.ktap"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$prc" -eq 0 ]

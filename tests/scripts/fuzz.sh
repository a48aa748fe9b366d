#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The long fuzz run: every target for XH_FUZZ_SECONDS (default 300), or
# XH_FUZZ_RUNS executions each, corpus and crashes kept in build/user.
# Prints executions per target and in all; any crash fails the run.
set -uo pipefail
. "$(dirname "$0")/common.sh"
xh_need fuzz

kdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" | tail -n 1)
out="$XH_TOP/build/user"
make -s -C "$XH_TOP/tests/user" KSRC="$kdir" CC=clang-14 fuzz-build || exit 1
limit=(-max_total_time="${XH_FUZZ_SECONDS:-300}")
[ -n "${XH_FUZZ_RUNS:-}" ] && limit=(-runs="$XH_FUZZ_RUNS")
total=0 rc=0
for f in ${XH_FUZZ_TARGETS:-evtchn gnttab mmu memory misc xenstore}; do
	mkdir -p "$out/corpus/$f" "$out/crash/$f"
	"$out/fuzz-$f" "${limit[@]}" -print_final_stats=1 -artifact_prefix="$out/crash/$f/" \
		"$out/corpus/$f" >"$out/fuzz-$f.log" 2>&1 || { rc=1; echo "fuzz-$f: FAILED, see $out/fuzz-$f.log"; }
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz-$f.log" | tail -n 1)
	total=$((total + ${runs:-0}))
	echo "fuzz-$f: ${runs:-0} executions, $(grep -E 'DONE' "$out/fuzz-$f.log" | tail -n 1 | grep -o 'cov: [0-9]*')"
done
echo "fuzz: $total executions in all"
exit $rc

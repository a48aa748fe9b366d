#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# translate/ as a userspace program, as a KTAP suite for CI: the engine
# builds through the one seam (tests/user/xenhv_user.h), every fuzz target
# runs a short smoke (ASan + UBSan, no crash, no leak, no held page), the
# L1 fast path is checked against Xen's rules (tests/user/l1e_equiv.c),
# and the callgrind bench program runs every operation to success. Writes
# build/results/user.log. The long fuzz run is "make fuzz"; the
# instruction-count table is "make bench-user".
set -uo pipefail
. "$(dirname "$0")/common.sh"
xh_need user

kdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" | tail -n 1)
res="$XH_TOP/build/results"
out="$XH_TOP/build/user"
mkdir -p "$res" "$out"
secs=${XH_FUZZ_SMOKE_SECONDS:-8}
xh_ktap_begin "$res/user.body"

make -s -C "$XH_TOP/tests/user" KSRC="$kdir" CC=clang-14 all >"$res/user-build.txt" 2>&1
grep -iE 'error|warning' "$res/user-build.txt" >"$res/user-build-findings.txt"
for f in evtchn gnttab mmu memory misc xenstore; do
	[ -x "$out/fuzz-$f" ] || echo "fuzz-$f not built" >>"$res/user-build-findings.txt"
done
[ -x "$out/kunit-dom0" ] || echo "kunit-dom0 not built" >>"$res/user-build-findings.txt"
[ -x "$out/bench" ] || echo "bench not built" >>"$res/user-build-findings.txt"
[ -x "$out/l1e-equiv" ] || echo "l1e-equiv not built" >>"$res/user-build-findings.txt"
xh_ktap_check engine_builds_in_userspace "$res/user-build-findings.txt"

for f in evtchn gnttab mmu memory misc xenstore; do
	: >"$res/fuzz-$f-findings.txt"
	if [ -x "$out/fuzz-$f" ]; then
		mkdir -p "$out/corpus/$f" "$out/crash/$f"
		"$out/fuzz-$f" -max_total_time="$secs" -artifact_prefix="$out/crash/$f/" \
			"$out/corpus/$f" >"$res/fuzz-$f.txt" 2>&1 ||
			{ grep -E 'ERROR|SUMMARY|abort|Test unit written' "$res/fuzz-$f.txt" \
				>"$res/fuzz-$f-findings.txt"; echo "fuzzer exited non-zero" \
				>>"$res/fuzz-$f-findings.txt"; }
		grep -E '^#[0-9]+\s+DONE' "$res/fuzz-$f.txt" | tail -n 1 | sed 's/^/    # /' >>"$res/user.body"
	else
		echo "not built" >"$res/fuzz-$f-findings.txt"
	fi
	xh_ktap_check "fuzz_smoke_$f" "$res/fuzz-$f-findings.txt"
done

# dom0/'s KUnit suites (the kernel runs them too), under ASan and UBSan.
: >"$res/kunit-dom0-findings.txt"
if [ -x "$out/kunit-dom0" ]; then
	"$out/kunit-dom0" >"$res/kunit-dom0.txt" 2>&1 ||
		tail -n 20 "$res/kunit-dom0.txt" >"$res/kunit-dom0-findings.txt"
	grep -E '^ok ' "$res/kunit-dom0.txt" | sed 's/^/    # /' >>"$res/user.body"
else
	echo "not built" >"$res/kunit-dom0-findings.txt"
fi
xh_ktap_check dom0_kunit_suites_in_userspace "$res/kunit-dom0-findings.txt"

# The L1 fast path against Xen's mod_l1_entry() (its fast path, or the
# general get and put), over every pair of a set of entries and states.
: >"$res/l1e-equiv-findings.txt"
if [ -x "$out/l1e-equiv" ]; then
	"$out/l1e-equiv" >"$res/l1e-equiv.txt" 2>&1 || cp "$res/l1e-equiv.txt" "$res/l1e-equiv-findings.txt"
	grep -E '^l1e-equiv:' "$res/l1e-equiv.txt" | sed 's/^/    # /' >>"$res/user.body"
else
	echo "not built" >"$res/l1e-equiv-findings.txt"
fi
xh_ktap_check l1_fast_path_is_xen_mod_l1_entry "$res/l1e-equiv-findings.txt"

: >"$res/bench-findings.txt"
"$out/bench" >"$res/bench-run.txt" 2>&1 || cat "$res/bench-run.txt" >"$res/bench-findings.txt"
xh_ktap_check bench_every_operation_succeeds "$res/bench-findings.txt"

xh_ktap_end xenhv_user >"$res/user.log"
cat "$res/user.log" >&2
